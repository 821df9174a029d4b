package org.tinyvit.model.tinyvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tinyvit.model.layers.ConvNorm;
import org.tinyvit.model.layers.ModuleBlock;

/** Patch embedding, stride 4 in all: ConvBN 3×3/2 to half the width, GELU, ConvBN 3×3/2. */
public final class Stem extends ModuleBlock {
    private final ConvNorm conv1;
    private final ConvNorm conv2;

    public Stem(int inChans, int width) {
        conv1 = addChildBlock("conv1", new ConvNorm(inChans, width / 2, 3, 2, 1));
        conv2 = addChildBlock("conv2", new ConvNorm(width / 2, width, 3, 2, 1));
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return conv2.apply(ps, gelu(conv1.apply(ps, x, training)), training);
    }

    @Override
    protected Shape outputShape(Shape input, Children children) {
        return children.through(conv2, children.through(conv1, input));
    }
}
