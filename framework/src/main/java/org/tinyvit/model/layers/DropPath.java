package org.tinyvit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Stochastic depth: in training, drops a sample's residual branch with probability {@code rate}. */
public final class DropPath {
    private DropPath() {}

    public static NDArray apply(NDArray branch, double rate, boolean training) {
        if (!training || rate <= 0) {
            return branch;
        }
        float keep = (float) (1 - rate);
        long[] maskShape = new long[branch.getShape().dimension()];
        java.util.Arrays.fill(maskShape, 1);
        maskShape[0] = branch.getShape().get(0);
        NDArray mask = branch.getManager()
                .randomUniform(0f, 1f, new Shape(maskShape), branch.getDataType(), branch.getDevice())
                .add(keep).floor().div(keep);
        return branch.mul(mask);
    }
}
