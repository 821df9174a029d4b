package org.tinyvit.model.tinyvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tinyvit.model.layers.ConvNorm;
import org.tinyvit.model.layers.DropPath;
import org.tinyvit.model.layers.ModuleBlock;

/** Inverted residual of stage 0: 1×1 expand, GELU, depthwise 3×3, GELU, 1×1 project, add, GELU. */
public final class MBConv extends ModuleBlock {
    private final ConvNorm conv1;
    private final ConvNorm conv2;
    private final ConvNorm conv3;
    private final double dropPath;

    public MBConv(int width, int hidden, double dropPath) {
        this.dropPath = dropPath;
        conv1 = addChildBlock("conv1", new ConvNorm(width, hidden, 1, 1, 1));
        conv2 = addChildBlock("conv2", new ConvNorm(hidden, hidden, 3, 1, hidden));
        // The last BatchNorm starts at zero so each block starts as the identity (plus GELU).
        conv3 = addChildBlock("conv3", new ConvNorm(hidden, width, 1, 1, 1, 0f));
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray h = gelu(conv1.apply(ps, x, training));
        h = gelu(conv2.apply(ps, h, training));
        h = conv3.apply(ps, h, training);
        return gelu(DropPath.apply(h, dropPath, training).add(x));
    }

    /** The branch keeps the shape, as the residual sum needs. */
    @Override
    protected Shape outputShape(Shape input, Children children) {
        return children.through(conv3, children.through(conv2, children.through(conv1, input)));
    }
}
