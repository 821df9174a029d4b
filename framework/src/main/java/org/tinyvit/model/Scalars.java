package org.tinyvit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant that is safe under autograd. DJL's {@code NDArray.mul(Number)}
 * (and {@code div}, {@code pow}, {@code maximum}, {@code minimum} with a number) wraps the
 * constant in a tensor over a Java direct buffer, multiplies and closes that wrapper at once.
 * Autograd has saved the constant's tensor for the backward pass, but the buffer behind it now
 * belongs to nobody: once the garbage collector frees it and the memory is reused, the backward
 * pass multiplies the gradient by whatever lies there (measured: 1e-44 to 1e37, or NaN, in
 * 1 of a few hundred steps). Here the constant is a tensor that libtorch allocates itself, so
 * the saved copy keeps it alive. Use these in any computation a gradient flows through; an
 * addition or subtraction of a number is safe as it is (its backward does not read the number).
 */
public final class Scalars {
    private Scalars() {}

    /** {@code x · c}, with a backward pass that survives the garbage collector. */
    public static NDArray times(NDArray x, double c) {
        try (NDArray constant = x.getManager().full(new Shape(), (float) c, x.getDataType())) {
            return x.mul(constant);
        }
    }
}
