package org.tinyvit.distill;

import org.tinyvit.TinyVitException;
import org.tinyvit.data.Augmentation;
import org.tinyvit.io.Json;
import org.tinyvit.io.StrictFields;
import tools.jackson.databind.node.ObjectNode;

/**
 * How one training run trains, whatever the model and data (the input resolution is the model's).
 *
 * @param augmentation how training images are varied (a logit store's replay must use the store's policy)
 * @param labelSmoothing the share of a label's target spread evenly over all classes (labels only)
 * @param bnRecalibration batches of training images (256 each) that re-estimate BatchNorm's running statistics for the current
 *     weights before every evaluation; 0 for none
 */
public record TrainConfig(int epochs, int batch, float lr, float weightDecay, float clipNorm, long seed, Augmentation.Policy augmentation,
        float labelSmoothing, int bnRecalibration) {
    public static final int DEFAULT_BATCH = 128;
    public static final float DEFAULT_LR = 1e-3f;
    public static final float DEFAULT_WEIGHT_DECAY = 0.05f;
    public static final float DEFAULT_CLIP_NORM = 5f;
    public static final long DEFAULT_SEED = 1;
    public static final String DEFAULT_AUGMENTATION_LABEL = "none";
    public static final Augmentation.Policy DEFAULT_AUGMENTATION = Augmentation.Policy.of(DEFAULT_AUGMENTATION_LABEL);
    public static final float DEFAULT_LABEL_SMOOTHING = 0f;
    public static final int DEFAULT_BN_RECALIBRATION = 10;

    public TrainConfig {
        if (epochs < 1 || batch < 1 || !(lr > 0) || weightDecay < 0 || augmentation == null || !(labelSmoothing >= 0 && labelSmoothing < 1)
                || bnRecalibration < 0) {
            throw new TinyVitException("bad training settings: epochs " + epochs + ", batch " + batch + ", lr " + lr + ", weight decay "
                    + weightDecay + ", augmentation " + augmentation + ", label smoothing " + labelSmoothing + ", BatchNorm recalibration "
                    + bnRecalibration);
        }
    }

    /** The default augmentation and no label smoothing. */
    public TrainConfig(int epochs, int batch, float lr, float weightDecay, float clipNorm, long seed) {
        this(epochs, batch, lr, weightDecay, clipNorm, seed, DEFAULT_AUGMENTATION, DEFAULT_LABEL_SMOOTHING, DEFAULT_BN_RECALIBRATION);
    }

    /** Batch 128, AdamW at 1e-3 with weight decay 0.05, clipping at norm 5, seed 1, the default augmentation. */
    public static TrainConfig defaults(int epochs) {
        return new TrainConfig(epochs, DEFAULT_BATCH, DEFAULT_LR, DEFAULT_WEIGHT_DECAY, DEFAULT_CLIP_NORM, DEFAULT_SEED);
    }

    public TrainConfig withAugmentation(Augmentation.Policy policy) {
        return new TrainConfig(epochs, batch, lr, weightDecay, clipNorm, seed, policy, labelSmoothing, bnRecalibration);
    }

    public TrainConfig withLabelSmoothing(float smoothing) {
        return new TrainConfig(epochs, batch, lr, weightDecay, clipNorm, seed, augmentation, smoothing, bnRecalibration);
    }

    public TrainConfig withBnRecalibration(int batches) {
        return new TrainConfig(epochs, batch, lr, weightDecay, clipNorm, seed, augmentation, labelSmoothing, batches);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(epochs, batch, lr, weightDecay, clipNorm, s, augmentation, labelSmoothing, bnRecalibration);
    }

    public TrainConfig withEpochs(int n) {
        return new TrainConfig(n, batch, lr, weightDecay, clipNorm, seed, augmentation, labelSmoothing, bnRecalibration);
    }

    /** Every field, by its name here ({@code augmentation} as its label); {@link #fromJson} reads it back. */
    public ObjectNode toJson() {
        return Json.object("epochs", epochs, "batch", batch, "lr", lr, "weightDecay", weightDecay, "clipNorm", clipNorm, "seed", seed,
                "augmentation", augmentation.label(), "labelSmoothing", labelSmoothing, "bnRecalibration", bnRecalibration);
    }

    /** The settings {@link #toJson} wrote; a missing, mistyped or unknown field is refused by {@code fields}. */
    public static TrainConfig fromJson(StrictFields fields) {
        TrainConfig config = new TrainConfig(fields.integer("epochs"), fields.integer("batch"), (float) fields.number("lr"),
                (float) fields.number("weightDecay"), (float) fields.number("clipNorm"), fields.longInteger("seed"),
                Augmentation.Policy.of(fields.string("augmentation")), (float) fields.number("labelSmoothing"), fields.integer("bnRecalibration"));
        fields.end();
        return config;
    }
}
