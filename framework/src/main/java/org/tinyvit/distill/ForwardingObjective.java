package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import java.util.Optional;

/**
 * An objective that passes everything to another one: subclasses change what they add (a share
 * of the labels, owning a teacher) and leave the rest, the augmentation seeds, host targets and
 * relation stage, to the objective they wrap.
 */
abstract class ForwardingObjective implements Objective {
    protected final Objective base;

    protected ForwardingObjective(Objective base) {
        this.base = base;
    }

    @Override
    public int seed(int epoch, int index) {
        return base.seed(epoch, index);
    }

    @Override
    public Optional<float[]> hostTargets(int epoch, int[] indices) {
        return base.hostTargets(epoch, indices);
    }

    @Override
    public int relationStage() {
        return base.relationStage();
    }

    @Override
    public NDArray loss(Batch batch, NDArray logits, StudentRelation relation) {
        return base.loss(batch, logits, relation);
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public void close() {
        base.close();
    }
}
