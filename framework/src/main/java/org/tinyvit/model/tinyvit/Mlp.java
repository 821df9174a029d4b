package org.tinyvit.model.tinyvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tinyvit.model.layers.Dense;
import org.tinyvit.model.layers.ModuleBlock;
import org.tinyvit.model.layers.Norm;

/** Pre-norm MLP: LayerNorm, Linear(C, hidden), GELU, Linear(hidden, C). */
public final class Mlp extends ModuleBlock {
    private final Norm norm;
    private final Dense fc1;
    private final Dense fc2;

    public Mlp(int width, int hidden) {
        norm = addChildBlock("norm", new Norm(width));
        fc1 = addChildBlock("fc1", new Dense(width, hidden));
        fc2 = addChildBlock("fc2", new Dense(hidden, width));
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return fc2.apply(ps, gelu(fc1.apply(ps, norm.apply(ps, x, training), training)), training);
    }

    @Override
    protected Shape outputShape(Shape input, Children children) {
        return children.through(fc2, children.through(fc1, children.through(norm, input)));
    }
}
