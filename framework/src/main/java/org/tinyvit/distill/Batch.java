package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Optional;

/**
 * One training batch: sample indices into the training split, their augmentation seeds, the
 * augmented images [B, C, H, W], labels [B] and, when the objective prepares them on the host
 * ({@link Objective#hostTargets}), its targets [B, ...], all in the step's scoped manager.
 */
public record Batch(int epoch, int[] indices, int[] seeds, NDArray images, NDArray labels, Optional<NDArray> targets, NDManager scope) {
    public int size() {
        return indices.length;
    }
}
