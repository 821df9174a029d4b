package org.tinyvit.cli;

import java.util.List;
import org.tinyvit.TinyVitException;
import org.tinyvit.search.Budget;
import org.tinyvit.space.SearchSpace;
import org.tinyvit.space.SpaceReader;
import picocli.CommandLine.Option;

/** Which student space, under which budgets: shared by search, pipeline and fidelity. */
final class SpaceOptions {
    static final String DEFAULT_SPACE = "org.tinyvit.space.TinyVitSpace";

    @Option(names = "--space", defaultValue = DEFAULT_SPACE, description = "Student space: a @StudentSpace record class on the class path (default ${DEFAULT-VALUE}).") String spaceClass;

    @Option(names = "--budgets", defaultValue = Budget.DEFAULT_LABELS, split = ",", description = "Parameter budgets, searched in this order (default ${DEFAULT-VALUE}).") List<String> budgets;

    @Option(names = "--macs", split = ",", description = "MAC budgets, one per parameter budget (default: the presets' 4.3G,2.0G,1.3G for 21M,11M,5M).") List<String> macs;

    SearchSpace<?> space() {
        return SpaceReader.read(spaceClass);
    }

    List<Budget> budgets() {
        if (macs != null && macs.size() != budgets.size()) {
            throw new TinyVitException("--macs needs one value per budget: " + budgets.size() + " budgets, " + macs.size() + " MAC budgets");
        }
        try {
            return Budget.parse(budgets, macs == null ? List.of() : macs);
        } catch (TinyVitException e) {
            throw new TinyVitException(e.getMessage() + (macs == null ? " (--macs)" : ""), e);
        }
    }
}
