package org.tinyvit.distill;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tinyvit.data.Augmentation;
import org.tinyvit.data.ImageSet;
import org.tinyvit.model.TinyVit;
import org.tinyvit.model.TinyVitModel;

/** Top-1 accuracy of a model in eval mode on un-augmented images. */
public final class Evaluation {
    private static final int BATCH = 256;

    private Evaluation() {}

    public static double accuracy(Model model, ImageSet set, Augmentation augmentation) {
        TinyVit block = TinyVitModel.block(model);
        ParameterStore ps = new ParameterStore(model.getNDManager(), false);
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
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDArray x = scope.create(pixels, new Shape(n, set.channels(), augmentation.size(), augmentation.size()));
                NDArray predicted = block.apply(ps, x, false).argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false);
                correct += predicted.eq(scope.create(labels)).sum().getLong();
            }
        }
        return (double) correct / set.size();
    }
}
