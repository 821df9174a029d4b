package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import org.tinyvit.data.Augmentation;

/** Plain cross-entropy against the labels: the control. */
public final class LabelObjective implements Objective {
    private final long runSeed;

    public LabelObjective(long runSeed) {
        this.runSeed = runSeed;
    }

    @Override
    public int seed(int epoch, int index) {
        return Augmentation.sampleSeed(runSeed, epoch, index);
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
