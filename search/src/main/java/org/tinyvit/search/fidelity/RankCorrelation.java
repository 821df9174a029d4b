package org.tinyvit.search.fidelity;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.tinyvit.TinyVitException;
import org.tinyvit.search.Ranks;

/**
 * How well one score ranks a set of items as another does: Kendall's τ-b and Spearman's ρ (both
 * tie-aware), with percentile bootstrap confidence intervals over the items.
 *
 * <pre>{@code
 * double tau = RankCorrelation.kendallTau(proxy, longRun);
 * RankCorrelation.Interval ci = RankCorrelation.bootstrap(proxy, longRun, RankCorrelation::kendallTau, 1000, 0.95, 7);
 * }</pre>
 */
public final class RankCorrelation {
    private RankCorrelation() {}

    /** A confidence interval: the lower and upper percentile of the bootstrap distribution. */
    public record Interval(double low, double high, double level) {}

    /**
     * Kendall's τ-b: (concordant − discordant) / sqrt((n0 − ties in x)(n0 − ties in y)), pairs
     * counted directly (n is small). NaN when one side is constant.
     */
    public static double kendallTau(double[] x, double[] y) {
        check(x, y);
        long concordant = 0;
        long discordant = 0;
        long tiesX = 0;
        long tiesY = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double dx = Math.signum(x[i] - x[j]);
                double dy = Math.signum(y[i] - y[j]);
                if (dx == 0 && dy == 0) {
                    continue;
                } else if (dx == 0) {
                    tiesX++;
                } else if (dy == 0) {
                    tiesY++;
                } else if (dx == dy) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        double denominator = Math.sqrt((double) (concordant + discordant + tiesX) * (concordant + discordant + tiesY));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }

    /** Spearman's ρ: Pearson's correlation of the ranks, ties given their average rank. NaN when one side is constant. */
    public static double spearmanRho(double[] x, double[] y) {
        check(x, y);
        return pearson(Ranks.of(x), Ranks.of(y));
    }

    /**
     * A percentile bootstrap interval of {@code statistic}: {@code resamples} resamples of the
     * items with replacement (seeded), the NaN ones (a constant resample) left out.
     */
    public static Interval bootstrap(double[] x, double[] y, BiFunction<double[], double[], Double> statistic, int resamples,
            double level, long seed) {
        check(x, y);
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[resamples];
        int kept = 0;
        double[] bx = new double[x.length];
        double[] by = new double[y.length];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < x.length; i++) {
                int pick = random.nextInt(x.length);
                bx[i] = x[pick];
                by[i] = y[pick];
            }
            double v = statistic.apply(bx, by);
            if (!Double.isNaN(v)) {
                values[kept++] = v;
            }
        }
        if (kept == 0) {
            return new Interval(Double.NaN, Double.NaN, level);
        }
        double[] sorted = Arrays.copyOf(values, kept);
        Arrays.sort(sorted);
        double tail = (1 - level) / 2;
        return new Interval(percentile(sorted, tail), percentile(sorted, 1 - tail), level);
    }

    /**
     * The Kendall τ that a perfect proxy would reach, on average, against accuracies each measured
     * on {@code images} validation images: how far the measurement's own noise caps any proxy's τ.
     * The true accuracies are estimated from the measured ones by shrinking their spread toward the
     * mean until their variance (n − 1 denominator) is the measured variance less the binomial
     * variance p(1 − p)/images averaged over the items; then {@code resamples} seeded redraws of
     * each measurement (normal approximation to the binomial, rounded to a multiple of 1/images)
     * are ranked against the truth. 0 when the measured spread is no wider than the noise alone;
     * resamples with a constant side (τ undefined) are left out.
     */
    public static double kendallTauCeiling(double[] accuracies, int images, int resamples, long seed) {
        check(accuracies, accuracies);
        if (images < 1 || resamples < 1) {
            throw new TinyVitException("a noise ceiling needs at least 1 image and 1 resample, got " + images + " and " + resamples);
        }
        double mean = Arrays.stream(accuracies).average().orElseThrow();
        double variance = Arrays.stream(accuracies).map(a -> (a - mean) * (a - mean)).sum() / (accuracies.length - 1);
        double noise = Arrays.stream(accuracies).map(a -> a * (1 - a)).average().orElseThrow() / images;
        if (variance <= noise) {
            return 0;
        }
        double shrink = Math.sqrt((variance - noise) / variance);
        double[] truth = Arrays.stream(accuracies).map(a -> mean + (a - mean) * shrink).toArray();
        SplittableRandom random = new SplittableRandom(seed);
        double[] measured = new double[truth.length];
        double sum = 0;
        int kept = 0;
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < truth.length; i++) {
                double draw = truth[i] + Math.sqrt(truth[i] * (1 - truth[i]) / images) * random.nextGaussian();
                measured[i] = Math.rint(Math.min(1, Math.max(0, draw)) * images) / images;
            }
            double tau = kendallTau(truth, measured);
            if (!Double.isNaN(tau)) {
                sum += tau;
                kept++;
            }
        }
        return kept == 0 ? Double.NaN : sum / kept;
    }

    private static double pearson(double[] a, double[] b) {
        double meanA = Arrays.stream(a).average().orElse(0);
        double meanB = Arrays.stream(b).average().orElse(0);
        double cov = 0;
        double varA = 0;
        double varB = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (a[i] - meanA) * (b[i] - meanB);
            varA += (a[i] - meanA) * (a[i] - meanA);
            varB += (b[i] - meanB) * (b[i] - meanB);
        }
        return varA == 0 || varB == 0 ? Double.NaN : cov / Math.sqrt(varA * varB);
    }

    /** The linearly interpolated percentile {@code p} (0..1) of sorted values. */
    private static double percentile(double[] sorted, double p) {
        double at = p * (sorted.length - 1);
        int low = (int) Math.floor(at);
        int high = Math.min(low + 1, sorted.length - 1);
        return sorted[low] + (at - low) * (sorted[high] - sorted[low]);
    }

    private static void check(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new TinyVitException("rank correlation needs two scores for each of at least 2 items, got " + x.length + " and " + y.length);
        }
    }
}
