package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tinyvit.data.Augmentation;
import org.tinyvit.data.ImageSet;
import org.tinyvit.model.StudentBlock;
import org.tinyvit.model.StudentModel;

/** Top-1 accuracy of a model in eval mode on un-augmented images. */
public final class Evaluation {
    private static final int BATCH = 256;

    private Evaluation() {}

    /**
     * Re-estimates BatchNorm's running statistics for the current weights: {@code batches}
     * forward passes in training mode (no gradients) over un-augmented images drawn with
     * {@code seed}. After a short run the running averages still remember the first, very
     * different weights; without this, a few dozen steps evaluate at chance level.
     */
    public static void recalibrateBatchNorm(StudentModel model, ImageSet set, Augmentation augmentation, int batches, long seed) {
        StudentBlock block = model.block();
        ParameterStore ps = new ParameterStore(model.manager(), false);
        int perImage = augmentation.floatsPerImage(set.channels());
        int[] order = org.tinyvit.data.DataSplits.permutation(set.size(), seed);
        int n = Math.min(BATCH, set.size());
        for (int b = 0; b < batches; b++) {
            float[] pixels = new float[n * perImage];
            for (int i = 0; i < n; i++) {
                augmentation.eval(set, order[(b * n + i) % order.length], pixels, i * perImage);
            }
            try (NDManager scope = model.manager().newSubManager()) {
                block.apply(ps, scope.create(pixels, new Shape(n, set.channels(), augmentation.size(), augmentation.size())), true);
            }
        }
    }

    public static double accuracy(StudentModel model, ImageSet set, Augmentation augmentation) {
        StudentBlock block = model.block();
        ParameterStore ps = new ParameterStore(model.manager(), false);
        int perImage = augmentation.floatsPerImage(set.channels());
        long correct = 0;
        for (int start = 0; start < set.size(); start += BATCH) {
            int n = Math.min(BATCH, set.size() - start);
            float[] pixels = new float[n * perImage];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                augmentation.eval(set, start + i, pixels, i * perImage);
                labels[i] = set.labels()[start + i];
            }
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray x = scope.create(pixels, new Shape(n, set.channels(), augmentation.size(), augmentation.size()));
                NDArray predicted = block.apply(ps, x, false).argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false);
                correct += predicted.eq(scope.create(labels)).sum().getLong();
            }
        }
        return (double) correct / set.size();
    }
}
