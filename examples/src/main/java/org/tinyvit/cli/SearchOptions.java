package org.tinyvit.cli;

import java.util.List;
import org.tinyvit.TinyVitException;
import org.tinyvit.search.Budget;
import org.tinyvit.search.ProxyRun;
import org.tinyvit.search.ProxySettings;
import org.tinyvit.search.SearchSettings;
import org.tinyvit.space.SearchSpace;
import org.tinyvit.space.SpaceReader;
import picocli.CommandLine.Option;

/** What the search explores and how long it looks: shared by search and pipeline. */
final class SearchOptions {
    static final String DEFAULT_SPACE = "org.tinyvit.space.TinyVitSpace";

    @Option(names = "--space", defaultValue = DEFAULT_SPACE, description = "Student space: a @StudentSpace record class on the class path (default ${DEFAULT-VALUE}).") String spaceClass;

    @Option(names = "--budgets", defaultValue = Budget.DEFAULT_LABELS, split = ",", description = "Parameter budgets, searched in this order (default ${DEFAULT-VALUE}).") List<String> budgets;

    @Option(names = "--macs", split = ",", description = "MAC budgets, one per parameter budget (default: the presets' 4.3G,2.0G,1.3G for 21M,11M,5M).") List<String> macs;

    @Option(names = "--generations", description = "Generations per budget (default ${DEFAULT-VALUE}).") int generations = SearchSettings.DEFAULT_GENERATIONS;

    @Option(names = "--population", description = "Population size (default ${DEFAULT-VALUE}).") int population = SearchSettings.DEFAULT_POPULATION;

    @Option(names = "--proxy-epochs", description = "Epochs of a candidate's short run (default ${DEFAULT-VALUE}).") int proxyEpochs = ProxyRun.DEFAULT_EPOCHS;

    @Option(names = "--proxy-samples", description = "Training images per epoch of a short run (default ${DEFAULT-VALUE}).") int proxySamples = ProxyRun.DEFAULT_SAMPLES;

    @Option(names = "--proxy-val", description = "Validation images that score a candidate (default ${DEFAULT-VALUE}).") int proxyVal = ProxySettings.DEFAULT_VAL_IMAGES;

    @Option(names = "--halving", description = "Successive halving with factor η (e.g. 3): all new candidates get a 1/η run, the best 1/η the full one; 0 for off (default).") int halving = 0;

    @Option(names = "--pareto", description = "Two objectives (accuracy, MACs) with NSGA-II; family.json lists each budget's Pareto front.") boolean pareto;

    @Option(names = "--seed", description = "Seed of the search and of every short run (default ${DEFAULT-VALUE}).") long seed = SearchSettings.DEFAULT_SEED;

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

    SearchSettings settings() {
        return new SearchSettings(generations, population, new ProxyRun(proxySamples, proxyEpochs), halving, pareto, seed);
    }

    /** The short runs' settings; the search command sets their batch and rate, the pipeline keeps the defaults. */
    ProxySettings proxy(int batch, float lr) {
        return new ProxySettings(batch, lr, seed, proxyVal);
    }
}
