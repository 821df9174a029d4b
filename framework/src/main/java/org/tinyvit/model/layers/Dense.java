package org.tinyvit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;

/** A linear layer over the last axis; weight [out, in], truncated-normal(0.02) start, zero bias. */
public final class Dense extends ModuleBlock {
    public static final float INIT_STD = 0.02f;
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    public Dense(int in, int out) {
        this.in = in;
        this.out = out;
        weight = param("weight", Parameter.Type.WEIGHT, new Shape(out, in), new TruncatedNormalInitializer(INIT_STD), true);
        bias = param("bias", Parameter.Type.BIAS, new Shape(out), Initializer.ZEROS, true);
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return Linear.linear(x, value(ps, weight, x, training), value(ps, bias, x, training)).singletonOrThrow();
    }

    /** Any rank; only the last axis changes. */
    @Override
    protected Shape outputShape(Shape input, Children children) {
        requireAxis(input, -1, in);
        return input.slice(0, input.dimension() - 1).add(out);
    }
}
