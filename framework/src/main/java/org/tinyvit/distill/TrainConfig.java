package org.tinyvit.distill;

/** Settings of one training run. */
public record TrainConfig(int epochs, int batch, float lr, float weightDecay, float clipNorm, long seed, int imgSize) {
    public static final int DEFAULT_BATCH = 128;
    public static final float DEFAULT_LR = 1e-3f;
    public static final float DEFAULT_WEIGHT_DECAY = 0.05f;
    public static final float DEFAULT_CLIP_NORM = 5f;

    public TrainConfig {
        if (epochs < 1 || batch < 1 || !(lr > 0) || weightDecay < 0 || imgSize < 1) {
            throw new org.tinyvit.TinyVitException("bad training settings: epochs " + epochs + ", batch " + batch
                    + ", lr " + lr + ", weight decay " + weightDecay + ", image size " + imgSize);
        }
    }
}
