package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;

/** Plain cross-entropy against the labels: the control. */
public final class LabelObjective extends FreshAugmentation {
    public LabelObjective(long runSeed) {
        super(runSeed);
    }

    @Override
    public NDArray loss(Batch batch, NDArray logits, StudentRelation relation) {
        return Losses.crossEntropy(logits, batch.labels());
    }

    @Override
    public String name() {
        return "labels";
    }
}
