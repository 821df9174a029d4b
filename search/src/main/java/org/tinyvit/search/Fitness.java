package org.tinyvit.search;

import java.util.Arrays;
import java.util.Locale;
import org.tinyvit.TinyVitException;

/**
 * What a short run is ranked by. Every score is at most 1, so that a failed run
 * ({@link Scored#FAILED}) ranks below all and successive halving's full runs (1 + score) above
 * all short ones.
 */
public enum Fitness {
    /** The validation accuracy after the run. */
    VAL_ACCURACY("val-accuracy"),
    /**
     * The run's mean training loss, lower is better: scored as exp(−loss), which keeps its order
     * and lies in (0, 1]. Ru et al.'s "sum of training losses" proxy, per step.
     */
    TRAIN_LOSS("train-loss"),
    /**
     * The cost model with the run's loss beside it: among the candidates a search has scored under
     * a budget, rank by MACs plus half the rank by training loss ({@link #macsAndLoss}); a run on
     * its own scores as {@link #TRAIN_LOSS} does. On Fashion-MNIST it ranked two sets of 16
     * candidates like their long runs better than either part (docs/benchmarks.md).
     */
    MACS_AND_TRAIN_LOSS("macs+train-loss"),
    /**
     * ln(MACs) − 2 · (the run's mean training loss), higher is better ({@link #logMacsLessLoss}):
     * one candidate at a time, from its own run; with successive halving, the rung promotes by it
     * and a candidate with the full run ranks above every one without ({@link #standings}).
     * On 16 fresh candidates at 56 px it ranked like their long runs at Kendall τ 0.68 with the
     * 47-step loss and 0.69 with the 16-step one, where the loss alone reached 0.33 and 0.51 and
     * MACs alone 0.48; on 16 more, 0.62 and 0.63 (the loss alone 0.03 and 0.18, MACs 0.63); at
     * 28 px 0.53 against single long runs, and 0.72 against the mean of two long seeds (the loss
     * alone 0.50, MACs 0.42): the search's default ({@link SearchSettings#DEFAULT_FITNESS};
     * docs/benchmarks.md).
     */
    LOG_MACS_AND_TRAIN_LOSS("log-macs-" + Fitness.LOSS_WEIGHT_BESIDE_LOG_MACS + "x-train-loss");

    /** The loss's weight beside the MACs in {@link #macsAndLoss}, both as ranks. */
    public static final double LOSS_RANK_WEIGHT = 0.5;
    /**
     * The loss's weight beside ln(MACs) in {@link #logMacsLessLoss}: the best of five after the
     * second calibration, fixed since so that every later calibration tests the same proxy.
     */
    public static final int LOSS_WEIGHT_BESIDE_LOG_MACS = 2;

    private final String label;

    Fitness(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The score of a finished run; {@link Scored#FAILED} when it failed or did not measure what this fitness needs. */
    public double score(JournalEntry run) {
        if (!run.ok()) {
            return Scored.FAILED;
        }
        if (usesLoss() && Double.isNaN(run.trainLoss()) && Double.isFinite(run.fitness())) {
            throw new TinyVitException("the run of " + run.key() + " has no training loss to rank by (a proxy that reports only an accuracy, or a"
                    + " journal line written before format 3); rank by accuracy instead: --fitness val-accuracy");
        }
        return score(run.fitness(), run.trainLoss());
    }

    /** The score of a run with this validation accuracy and mean training loss; {@link Scored#FAILED} when the one it needs is not finite. */
    public double score(double valAccuracy, double trainLoss) {
        double score = this == VAL_ACCURACY ? valAccuracy : Math.exp(-trainLoss);
        return Double.isFinite(score) ? score : Scored.FAILED;
    }

    /** Whether this ranks by the short run's training loss (and so needs no validation pass). */
    public boolean usesLoss() {
        return this != VAL_ACCURACY;
    }

    /**
     * Whether a candidate's standing weighs its MACs beside its run ({@link #standings}): for
     * {@link #MACS_AND_TRAIN_LOSS} it also depends on the others scored beside it.
     */
    public boolean ranksWithMacs() {
        return this == MACS_AND_TRAIN_LOSS || this == LOG_MACS_AND_TRAIN_LOSS;
    }

    /**
     * What successful candidates of one budget are ranked by, in their order: with MACs
     * ({@link #macsAndLoss} or {@link #logMacsLessLoss}) when this {@linkplain #ranksWithMacs ranks
     * with MACs}, else their own scores; a run without a finite score {@link Scored#FAILED}. With
     * MACs, runs of different lengths (successive halving's rung and full runs) are weighed only
     * against runs of their own length, and every longer run ranks above every shorter one, as
     * {@link ProxyRun#promotedScore} does for the other fitnesses: the standings are then ranks.
     */
    double[] standings(java.util.List<Scored> runs) {
        double[] scores = runs.stream().mapToDouble(Scored::score).toArray();
        double[] out = new double[runs.size()];
        if (!ranksWithMacs()) {
            out = scores;
        } else {
            java.util.SortedMap<Long, java.util.List<Integer>> byLength = new java.util.TreeMap<>();
            for (int i = 0; i < runs.size(); i++) {
                ProxyRun run = runs.get(i).longest().run();
                byLength.computeIfAbsent((long) run.samples() * run.epochs(), k -> new java.util.ArrayList<>()).add(i);
            }
            int shorter = 0;
            for (java.util.List<Integer> sameLength : byLength.values()) {
                double[] within = withMacs(sameLength.stream().map(runs::get).toList());
                double[] standing = byLength.size() == 1 ? within : ranksOfFinite(within);
                for (int j = 0; j < standing.length; j++) {
                    out[sameLength.get(j)] = shorter + standing[j];
                }
                shorter += sameLength.size();
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = scores[i] == Scored.FAILED || !Double.isFinite(out[i]) ? Scored.FAILED : out[i];
        }
        return out;
    }

    /** {@link #standings(java.util.List)} of the successful candidates by key, in their order; the failed ones {@link Scored#FAILED}. */
    java.util.Map<String, Double> standings(java.util.Map<String, Scored> scored) {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        scored.keySet().forEach(key -> out.put(key, Scored.FAILED));
        java.util.List<String> ok = scored.keySet().stream().filter(key -> scored.get(key).longest().ok()).toList();
        double[] standing = standings(ok.stream().map(scored::get).toList());
        for (int i = 0; i < ok.size(); i++) {
            out.put(ok.get(i), standing[i]);
        }
        return out;
    }

    /** Ranks from 1 of the finite values among themselves; NaN (failed) for the others. */
    private static double[] ranksOfFinite(double[] values) {
        int[] finite = java.util.stream.IntStream.range(0, values.length).filter(i -> Double.isFinite(values[i])).toArray();
        double[] ranks = Ranks.of(java.util.Arrays.stream(finite).mapToDouble(i -> values[i]).toArray());
        double[] out = new double[values.length];
        java.util.Arrays.fill(out, Double.NaN);
        for (int k = 0; k < finite.length; k++) {
            out[finite[k]] = ranks[k];
        }
        return out;
    }

    /** {@link #macsAndLoss} or {@link #logMacsLessLoss} of runs of one length. */
    private double[] withMacs(java.util.List<Scored> runs) {
        return standingsOfOneLength(runs.stream().mapToDouble(s -> s.longest().macs()).toArray(),
                runs.stream().mapToDouble(s -> s.longest().fitness()).toArray(), runs.stream().mapToDouble(s -> s.longest().trainLoss()).toArray());
    }

    /**
     * What runs of one length rank by, higher first, from each one's MACs, validation accuracy and
     * mean training loss: {@link #macsAndLoss} or {@link #logMacsLessLoss} when this
     * {@linkplain #ranksWithMacs ranks with MACs}, else each run's {@link #score(double, double)}.
     */
    public double[] standingsOfOneLength(double[] macs, double[] accuracies, double[] losses) {
        double[] scores = new double[macs.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = score(accuracies[i], losses[i]);
        }
        return this == MACS_AND_TRAIN_LOSS ? macsAndLoss(macs, scores) : this == LOG_MACS_AND_TRAIN_LOSS ? logMacsLessLoss(macs, losses) : scores;
    }

    /** ln(MACs) − {@value #LOSS_WEIGHT_BESIDE_LOG_MACS} · loss for each candidate: a score without ranks. */
    public static double[] logMacsLessLoss(double[] macs, double[] losses) {
        double[] out = new double[macs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.log(macs[i]) - LOSS_WEIGHT_BESIDE_LOG_MACS * losses[i];
        }
        return out;
    }

    /**
     * rank(MACs) + ½ rank(score), ranks from 1 with ties averaged: more computation ranks higher,
     * and the short run's score (exp(−loss), or any score that orders as −loss) moves a candidate
     * past others of similar cost. The half weight was read off one calibration; on 16 fresh
     * candidates it ranked at τ 0.52, below the 0.6 aimed for (docs/benchmarks.md).
     */
    public static double[] macsAndLoss(double[] macs, double[] scores) {
        double[] byMacs = Ranks.of(macs);
        double[] byScore = Ranks.of(scores);
        double[] out = new double[byMacs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = byMacs[i] + LOSS_RANK_WEIGHT * byScore[i];
        }
        return out;
    }

    /** The fitness named {@code label}; another name is refused with the names there are. */
    public static Fitness of(String label) {
        return Arrays.stream(values()).filter(f -> f.label.equals(label.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new TinyVitException("unknown fitness '" + label + "'; use "
                        + String.join(", ", Arrays.stream(values()).map(Fitness::label).toList())));
    }

    @Override
    public String toString() {
        return label;
    }
}
