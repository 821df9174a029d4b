package org.tinyvit.search.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tinyvit.data.DataSplits;
import org.tinyvit.data.ImageSet;
import org.tinyvit.model.Families;
import org.tinyvit.search.Budget;
import org.tinyvit.search.Candidate;
import org.tinyvit.search.ProxyRun;
import org.tinyvit.search.ProxySettings;
import org.tinyvit.space.SearchSpace;
import org.tinyvit.space.SpaceReader;
import org.tinyvit.space.TinyVitSpace;

/** Which candidates a calibration samples: within their budgets, spread over them, and stable as K grows. */
class ProxyFidelitySamplingTest {
    static final SearchSpace<TinyVitSpace> SPACE = SpaceReader.read(TinyVitSpace.class);
    static final List<Budget> BUDGETS = List.of(Budget.of("21M", "4.3G"), Budget.of("11M", "2.0G"), Budget.of("5M", "1.3G"));

    private static List<Candidate> sample(int k, int halving) {
        ImageSet none = new ImageSet("none", 1, 28, 28, new byte[0], new int[0], List.of("a", "b"));
        DataSplits data = new DataSplits(none, none, none, new float[] {0f}, new float[] {1f});
        return ProxyFidelity.sample(new ProxyFidelity.Settings(SPACE, BUDGETS, k, new ProxyRun(1500, 1), ProxySettings.defaults(1),
                new ProxyRun(20_000, 3), new ProxySettings(128, 1e-3f, 1, 2000), Path.of("store"), data, Path.of("out"), 1, halving));
    }

    @Test
    void candidatesAreDistinctWithinTheirBudgetsAndSpreadOverThem() {
        List<Candidate> sixteen = sample(16, 1);
        assertEquals(16, sixteen.stream().map(Candidate::key).distinct().count());
        Map<String, Long> perBudget = sixteen.stream().collect(Collectors.groupingBy(Candidate::budget, Collectors.counting()));
        assertEquals(Map.of("21M", 6L, "11M", 5L, "5M", 5L), perBudget);
        for (Candidate c : sixteen) {
            Budget b = BUDGETS.stream().filter(x -> x.label().equals(c.budget())).findFirst().orElseThrow();
            assertTrue(b.admits(Families.params(Families.deployed(c.spec())), Families.macs(Families.deployed(c.spec()))), c.key());
        }
    }

    @Test
    void aLargerCalibrationKeepsTheCandidatesOfASmallerOne() {
        List<String> eight = sample(8, 1).stream().map(Candidate::key).toList();
        List<String> sixteen = sample(16, 3).stream().map(Candidate::key).toList();
        assertTrue(sixteen.containsAll(eight), eight + " not all in " + sixteen);
    }
}
