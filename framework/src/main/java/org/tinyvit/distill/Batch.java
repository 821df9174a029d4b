package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One training batch: sample indices into the training split, their augmentation seeds, the
 * augmented images [B, C, H, W] and labels [B], all in the step's scoped manager.
 */
public record Batch(int epoch, int[] indices, int[] seeds, NDArray images, NDArray labels, NDManager scope) {
    public int size() {
        return indices.length;
    }
}
