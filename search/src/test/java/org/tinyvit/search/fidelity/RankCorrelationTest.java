package org.tinyvit.search.fidelity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Kendall's τ-b and Spearman's ρ against values worked out by hand. */
class RankCorrelationTest {
    @Test
    void identicalOrderingsCorrelateFullyAndReversedOnesNegatively() {
        double[] x = {0.1, 0.4, 0.2, 0.9};
        assertEquals(1.0, RankCorrelation.kendallTau(x, new double[] {1, 3, 2, 4}), 1e-12);
        assertEquals(-1.0, RankCorrelation.kendallTau(x, new double[] {4, 2, 3, 1}), 1e-12);
        assertEquals(1.0, RankCorrelation.spearmanRho(x, new double[] {10, 30, 20, 40}), 1e-12);
    }

    @Test
    void oneSwappedPairOfFourGivesTauTwoThirdsAndRhoFourFifths() {
        // ranks 1 2 3 4 against 1 2 4 3: 5 concordant, 1 discordant of 6 pairs; Σd² = 2, ρ = 1 − 6·2/(4·15)
        double[] x = {1, 2, 3, 4};
        double[] y = {1, 2, 4, 3};
        assertEquals(4.0 / 6, RankCorrelation.kendallTau(x, y), 1e-12);
        assertEquals(0.8, RankCorrelation.spearmanRho(x, y), 1e-12);
    }

    @Test
    void tiesShareTheirAverageRankAndEnterTauB() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, RankCorrelation.ranks(new double[] {0.1, 0.5, 0.5, 0.7}), 0);
        // x has one tie (items 1, 2); pairs: (0,1)+ (0,2)+ (0,3)+ (1,2) tie in x, (1,3)+ (2,3)−: C = 4, D = 1, tx = 1, ty = 0
        double tau = RankCorrelation.kendallTau(new double[] {0.1, 0.5, 0.5, 0.7}, new double[] {1, 2, 4, 3});
        assertEquals(3 / Math.sqrt(6 * 5), tau, 1e-12);
    }

    @Test
    void theBootstrapIntervalHoldsTheEstimateAndIsReproducible() {
        double[] x = {0.31, 0.45, 0.52, 0.38, 0.61, 0.47, 0.55, 0.29, 0.66, 0.40};
        double[] y = {0.80, 0.84, 0.86, 0.85, 0.90, 0.83, 0.88, 0.79, 0.89, 0.82};
        double tau = RankCorrelation.kendallTau(x, y);
        RankCorrelation.Interval ci = RankCorrelation.bootstrap(x, y, RankCorrelation::kendallTau, 2000, 0.95, 11);
        assertTrue(ci.low() <= tau && tau <= ci.high(), ci + " around " + tau);
        assertEquals(ci, RankCorrelation.bootstrap(x, y, RankCorrelation::kendallTau, 2000, 0.95, 11));
    }
}
