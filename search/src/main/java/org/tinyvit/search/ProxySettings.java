package org.tinyvit.search;

import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSplits;

/**
 * How a candidate's short run trains and is scored, apart from its length ({@link ProxyRun}).
 *
 * @param batch batch size of the short runs
 * @param lr peak learning rate of the short runs
 * @param seed seed of every short run: the same for all candidates, so they see the same data
 * @param valImages how many images of the fixed validation split score a candidate (the first
 *     ones; fewer make an evaluation faster and noisier); 0 for none: the run then reports only
 *     its training loss, all that {@link Fitness#TRAIN_LOSS} ranks by
 */
public record ProxySettings(int batch, float lr, long seed, int valImages) {
    /**
     * Short runs take small batches at a higher rate than full training: measured on the default
     * Fashion-MNIST pipeline (1,500 images a run), batches of 128 at 1e-3 left every candidate at
     * chance (12 steps teach nothing), while batches of 32 at 2e-3 (47 steps, about the same
     * time) reach 0.33-0.53 validation accuracy; 3e-3 sometimes diverged for 21M candidates.
     */
    public static final int DEFAULT_BATCH = 32;
    public static final float DEFAULT_LR = 2e-3f;
    public static final int DEFAULT_VAL_IMAGES = 2000;

    public ProxySettings {
        if (batch < 1 || !(lr > 0) || valImages < 0) {
            throw new TinyVitException("bad proxy settings: batch " + batch + ", lr " + lr + ", validation images " + valImages);
        }
    }

    /** The validation images that score a run on {@code data}: {@code valImages}, or all of a smaller split. */
    public int valImagesIn(DataSplits data) {
        return Math.min(valImages, data.val().size());
    }

    /** The default settings, validating on {@link #DEFAULT_VAL_IMAGES} images. */
    public static ProxySettings defaults(long seed) {
        return new ProxySettings(DEFAULT_BATCH, DEFAULT_LR, seed, DEFAULT_VAL_IMAGES);
    }

    /** The default settings for a search ranked by {@code fitness}: no validation when it ranks by training loss. */
    public static ProxySettings defaults(long seed, Fitness fitness) {
        return new ProxySettings(DEFAULT_BATCH, DEFAULT_LR, seed, valImagesFor(fitness));
    }

    /**
     * The validation images a run ranked by {@code fitness} needs by default: none for the
     * training loss (evaluating 2,000 images after re-estimating BatchNorm on 2,048 costs more
     * than a 16-step run itself), {@link #DEFAULT_VAL_IMAGES} for the accuracy.
     */
    public static int valImagesFor(Fitness fitness) {
        return fitness.usesLoss() ? 0 : DEFAULT_VAL_IMAGES;
    }
}
