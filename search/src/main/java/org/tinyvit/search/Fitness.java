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
    TRAIN_LOSS("train-loss");

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
        if (this == TRAIN_LOSS && Double.isNaN(run.trainLoss()) && Double.isFinite(run.fitness())) {
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

    /** The fitness named {@code label}; another name is refused with the names there are. */
    public static Fitness of(String label) {
        return Arrays.stream(values()).filter(f -> f.label.equals(label.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new TinyVitException("unknown fitness '" + label + "'; use val-accuracy or train-loss"));
    }

    @Override
    public String toString() {
        return label;
    }
}
