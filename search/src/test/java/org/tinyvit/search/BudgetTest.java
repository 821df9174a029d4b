package org.tinyvit.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.Cost;
import org.tinyvit.model.tinyvit.CostModel;
import org.tinyvit.model.tinyvit.Presets;

class BudgetTest {
    @Test
    void aBudgetAdmitsWhatRoundsToItAtTheDigitsWritten() {
        assertEquals(5_499_999L, Budget.of("5M", "1.3G").maxParams());
        assertEquals(1_349_999_999L, Budget.of("5M", "1.3G").maxMacs());
        assertEquals(21_499_999L, Budget.of("21M", "4.3G").maxParams());
        assertEquals(2_049_999_999L, Budget.of("11M", "2.0G").maxMacs());
        assertEquals(5_000_000L, Budget.of("5000000", "1G").maxParams());
        assertEquals(5_049_999L, Budget.of("5.0M", "1G").maxParams());
    }

    @Test
    void thePresetsLieWithinTheirOwnBudgets() {
        String[][] pairs = {{"tinyvit-5m", "5M", "1.3G"}, {"tinyvit-11m", "11M", "2.0G"}, {"tinyvit-21m", "21M", "4.3G"}};
        for (String[] p : pairs) {
            Cost cost = CostModel.of(Presets.get(p[0]));
            assertTrue(Budget.of(p[1], p[2]).admits(cost.params(), cost.macs()), p[0]);
        }
        Cost eleven = CostModel.of(Presets.get("tinyvit-11m"));
        assertTrue(!Budget.of("5M", "1.3G").admits(eleven.params(), eleven.macs()));
    }

    @Test
    void refusesNonsense() {
        assertEquals("bad parameter budget 'five' (expected e.g. 5M, 1.3G or 5000000)",
                assertThrows(TinyVitException.class, () -> Budget.of("five", "1G")).getMessage());
        assertEquals("MAC budget must be positive, got '0G'", assertThrows(TinyVitException.class, () -> Budget.of("5M", "0G")).getMessage());
    }
}
