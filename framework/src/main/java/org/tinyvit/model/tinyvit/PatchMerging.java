package org.tinyvit.model.tinyvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tinyvit.model.layers.ConvNorm;
import org.tinyvit.model.layers.ModuleBlock;

/** Halves the resolution between stages: ConvBN 1×1, GELU, depthwise ConvBN 3×3/2, GELU, ConvBN 1×1. */
public final class PatchMerging extends ModuleBlock {
    private final ConvNorm conv1;
    private final ConvNorm conv2;
    private final ConvNorm conv3;

    public PatchMerging(int in, int out) {
        conv1 = addChildBlock("conv1", new ConvNorm(in, out, 1, 1, 1));
        conv2 = addChildBlock("conv2", new ConvNorm(out, out, 3, 2, out));
        conv3 = addChildBlock("conv3", new ConvNorm(out, out, 1, 1, 1));
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray h = gelu(conv1.apply(ps, x, training));
        h = gelu(conv2.apply(ps, h, training));
        return conv3.apply(ps, h, training);
    }

    @Override
    protected Shape outputShape(Shape input, Children children) {
        return children.through(conv3, children.through(conv2, children.through(conv1, input)));
    }
}
