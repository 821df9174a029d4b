package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import java.util.Optional;

/**
 * What a student learns from: labels, stored teacher logits, a teacher in the loop, or token
 * relations. Decides each sample's augmentation seed (stored logits must be replayed with the
 * teacher's seeds) and the loss of a batch given the student's outputs.
 */
public interface Objective extends AutoCloseable {
    /** The augmentation seed of training sample {@code index} in epoch {@code epoch}. */
    int seed(int epoch, int index);

    /**
     * The targets of a batch as host floats [B × ...], when they can be made before the step (a
     * logit store's, say): called off the training thread, one step ahead, and handed to
     * {@link #loss} as {@link Batch#targets()}.
     */
    default Optional<float[]> hostTargets(int epoch, int[] indices) {
        return Optional.empty();
    }

    /** The attention stage whose last block the student must expose, or -1 when none. */
    default int relationStage() {
        return -1;
    }

    /**
     * The loss of a batch.
     *
     * @param logits the student's logits [B, classes]
     * @param studentRelation q, k, v of the student's relation block (null when not needed)
     */
    NDArray loss(Batch batch, NDArray logits, StudentRelation studentRelation);

    String name();

    @Override
    default void close() {}

    /** Computes the student's relation q, k, v once the head count is known. */
    interface StudentRelation {
        ai.djl.ndarray.NDList queryKeyValue(int heads);

        /** The width of the student's relation block. */
        long width();
    }
}
