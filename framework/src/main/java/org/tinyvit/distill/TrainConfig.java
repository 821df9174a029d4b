package org.tinyvit.distill;

/** Settings of one training run; the image size is the model's input resolution. */
public record TrainConfig(int epochs, int batch, float lr, float weightDecay, float clipNorm, long seed, int imgSize) {
    public static final int DEFAULT_BATCH = 128;
    public static final float DEFAULT_LR = 1e-3f;
    public static final float DEFAULT_WEIGHT_DECAY = 0.05f;
    public static final float DEFAULT_CLIP_NORM = 5f;

    public static final long DEFAULT_SEED = 1;

    /** Batch 128, AdamW at 1e-3 with weight decay 0.05, clipping at norm 5, seed 1. */
    public static TrainConfig defaults(int epochs, int imgSize) {
        return new TrainConfig(epochs, DEFAULT_BATCH, DEFAULT_LR, DEFAULT_WEIGHT_DECAY, DEFAULT_CLIP_NORM, DEFAULT_SEED, imgSize);
    }

    public TrainConfig {
        if (epochs < 1 || batch < 1 || !(lr > 0) || weightDecay < 0 || imgSize < 1) {
            throw new org.tinyvit.TinyVitException("bad training settings: epochs " + epochs + ", batch " + batch
                    + ", lr " + lr + ", weight decay " + weightDecay + ", image size " + imgSize);
        }
    }
}
