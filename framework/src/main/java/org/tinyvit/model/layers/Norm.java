package org.tinyvit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/** LayerNorm over the last axis (eps 1e-5), weight 1 and bias 0 at start. */
public final class Norm extends ModuleBlock {
    private final Shape normalized;
    private final Parameter gamma;
    private final Parameter beta;

    public Norm(int channels) {
        normalized = new Shape(channels);
        gamma = param("weight", Parameter.Type.GAMMA, normalized, Initializer.ONES, true);
        beta = param("bias", Parameter.Type.BETA, normalized, Initializer.ZEROS, true);
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return LayerNorm.layerNorm(x, normalized, value(ps, gamma, x, training), value(ps, beta, x, training), ConvNorm.EPS)
                .singletonOrThrow();
    }

    /** Any rank; the shape stays. */
    @Override
    protected Shape outputShape(Shape input, Children children) {
        requireAxis(input, -1, normalized.get(0));
        return input;
    }
}
