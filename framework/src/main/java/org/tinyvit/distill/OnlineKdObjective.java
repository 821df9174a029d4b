package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import org.tinyvit.data.Augmentation;

/** The teacher runs in the loop on every batch: the baseline the logit store replaces. */
public final class OnlineKdObjective implements Objective {
    private final Teacher teacher;
    private final long runSeed;

    public OnlineKdObjective(Teacher teacher, long runSeed) {
        this.teacher = teacher;
        this.runSeed = runSeed;
    }

    @Override
    public int seed(int epoch, int index) {
        return Augmentation.sampleSeed(runSeed, epoch, index);
    }

    @Override
    public NDArray loss(Batch batch, NDArray logits, StudentRelation relation) {
        return Losses.softCrossEntropy(logits, teacher.probabilities(batch.images()));
    }

    @Override
    public String name() {
        return "online-kd";
    }
}
