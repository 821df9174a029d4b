package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;

/** The teacher runs in the loop on every batch: the baseline the logit store replaces. */
public final class OnlineKdObjective extends FreshAugmentation {
    private final Teacher teacher;
    private final float temperature;

    public OnlineKdObjective(Teacher teacher, long runSeed) {
        this(teacher, runSeed, 1f);
    }

    /** Hinton's distillation at {@code temperature}: the teacher's softmax(logits / T) against the student's, scaled by T². */
    public OnlineKdObjective(Teacher teacher, long runSeed, float temperature) {
        super(runSeed);
        this.teacher = teacher;
        this.temperature = temperature;
    }

    @Override
    public NDArray loss(Batch batch, NDArray logits, StudentRelation relation) {
        return Losses.softCrossEntropy(logits, teacher.probabilities(batch.images(), temperature), temperature);
    }

    @Override
    public String name() {
        return temperature == 1 ? "online-kd" : "online-kd@T" + temperature;
    }
}
