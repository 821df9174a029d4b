package org.tinyvit.model.tinyvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tinyvit.model.layers.Dense;
import org.tinyvit.model.layers.ModuleBlock;
import org.tinyvit.model.layers.Norm;

/** Classifier: mean over all positions of an NCHW map, LayerNorm, Linear. */
public final class Head extends ModuleBlock {
    private final Norm norm;
    private final Dense fc;

    public Head(int width, int classes) {
        norm = addChildBlock("norm", new Norm(width));
        fc = addChildBlock("fc", new Dense(width, classes));
    }

    /** The pooled, normalised features [N, C] that the classifier reads. */
    public NDArray features(ParameterStore ps, NDArray map, boolean training) {
        Shape s = map.getShape();
        return norm.apply(ps, map.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}), training);
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray map, boolean training) {
        return fc.apply(ps, features(ps, map, training), training);
    }

    /** NCHW in, [N, classes] out; the norm sees the pooled [N, C]. */
    @Override
    protected Shape outputShape(Shape map, Children children) {
        return children.through(fc, children.through(norm, new Shape(map.get(0), map.get(1))));
    }
}
