package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;

/** The teacher runs in the loop on every batch: the baseline the logit store replaces. */
public final class OnlineKdObjective extends FreshAugmentation {
    private final Teacher teacher;

    public OnlineKdObjective(Teacher teacher, long runSeed) {
        super(runSeed);
        this.teacher = teacher;
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
