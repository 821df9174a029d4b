package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;

/** Cross-entropy against the labels, optionally smoothed: the control, and how a teacher learns. */
public final class LabelObjective extends FreshAugmentation {
    private final float smoothing;

    public LabelObjective(long runSeed, float smoothing) {
        super(runSeed);
        this.smoothing = smoothing;
    }

    @Override
    public NDArray loss(Batch batch, NDArray logits, StudentRelation relation) {
        return Losses.crossEntropy(logits, batch.labels(), smoothing);
    }

    @Override
    public String name() {
        return "labels";
    }
}
