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
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, org.tinyvit.search.Ranks.of(new double[] {0.1, 0.5, 0.5, 0.7}), 0);
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

    @Test
    void theNoiseCeilingOfTwoAccuraciesIsTheChanceTheirMeasurementsKeepTheirOrder() {
        // measured 0.5 and 0.6 on 100 images: variance 0.005, binomial noise (0.25 + 0.24) / 2 / 100 = 0.00245,
        // so the truth is 0.55 ± 0.05·sqrt(0.00255 / 0.005); τ of two items is +1 when the redraws keep that order,
        // −1 when they swap it, undefined on a tie: E[τ] = (P(keep) − P(swap)) / (1 − P(tie)), summed exactly over
        // both binomials here (the ceiling draws from a normal approximation instead)
        double half = 0.05 * Math.sqrt(0.00255 / 0.005);
        double[] low = binomial(100, 0.55 - half);
        double[] high = binomial(100, 0.55 + half);
        double keep = 0;
        double swap = 0;
        for (int a = 0; a <= 100; a++) {
            for (int b = 0; b <= 100; b++) {
                if (b > a) {
                    keep += low[a] * high[b];
                } else if (b < a) {
                    swap += low[a] * high[b];
                }
            }
        }
        double expected = (keep - swap) / (keep + swap);
        assertEquals(expected, RankCorrelation.kendallTauCeiling(new double[] {0.5, 0.6}, 100, 20_000, 5), 0.03);
        assertTrue(expected > 0.3 && expected < 0.8, "a case where the noise matters: " + expected);
    }

    @Test
    void theNoiseCeilingIsZeroWhenTheSpreadIsNoWiderThanTheNoiseAndNearOneWhenTheNoiseIsNegligible() {
        double[] close = {0.880, 0.885, 0.890, 0.884};
        // variance of close ≈ 1.7e-5, binomial noise at 1,000 images ≈ 1.0e-4
        assertEquals(0, RankCorrelation.kendallTauCeiling(close, 1_000, 500, 1), 0);
        assertEquals(1, RankCorrelation.kendallTauCeiling(close, 1_000_000_000, 500, 1), 1e-9);
    }

    private static double[] binomial(int n, double p) {
        double[] pmf = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            double logChoose = 0;
            for (int i = 1; i <= k; i++) {
                logChoose += Math.log(n - k + i) - Math.log(i);
            }
            pmf[k] = Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log(1 - p));
        }
        return pmf;
    }
}
