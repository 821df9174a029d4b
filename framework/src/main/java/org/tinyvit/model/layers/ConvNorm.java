package org.tinyvit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;

/** A bias-free k×k convolution followed by BatchNorm (eps 1e-5, PyTorch momentum 0.1). */
public final class ConvNorm extends ModuleBlock {
    static final float EPS = 1e-5f;
    /** DJL counts momentum the other way round: 0.9 here is PyTorch's 0.1. */
    static final float DJL_MOMENTUM = 0.9f;

    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int groups;
    private final Parameter weight;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    public ConvNorm(int in, int out, int kernel, int stride, int groups, float normWeightInit) {
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = (kernel - 1) / 2;
        this.groups = groups;
        weight = param("conv.weight", Parameter.Type.WEIGHT, new Shape(out, in / groups, kernel, kernel), new XavierInitializer(), true);
        gamma = param("bn.weight", Parameter.Type.GAMMA, new Shape(out), new ConstantInitializer(normWeightInit), true);
        beta = param("bn.bias", Parameter.Type.BETA, new Shape(out), Initializer.ZEROS, true);
        runningMean = param("bn.running_mean", Parameter.Type.RUNNING_MEAN, new Shape(out), Initializer.ZEROS, false);
        runningVar = param("bn.running_var", Parameter.Type.RUNNING_VAR, new Shape(out), Initializer.ONES, false);
    }

    public ConvNorm(int in, int out, int kernel, int stride, int groups) {
        this(in, out, kernel, stride, groups, 1f);
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = Conv2d.conv2d(x, value(ps, weight, x, training), null,
                new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), groups).singletonOrThrow();
        return BatchNorm.batchNorm(y,
                value(ps, runningMean, x, training), value(ps, runningVar, x, training),
                value(ps, gamma, x, training), value(ps, beta, x, training),
                1, DJL_MOMENTUM, EPS, training).singletonOrThrow();
    }

    /** NCHW in, NCHW out. */
    @Override
    protected Shape outputShape(Shape input, Children children) {
        if (input.dimension() != 4) {
            throw new IllegalArgumentException("ConvNorm needs an NCHW input, got " + input);
        }
        requireAxis(input, 1, in);
        return new Shape(input.get(0), out,
                outputSize(input.get(2), kernel, stride, padding), outputSize(input.get(3), kernel, stride, padding));
    }

    /** One side of a convolution's output (dilation 1): odd sides round down, so 7 → 4 at k3 s2 p1. */
    public static long outputSize(long size, int kernel, int stride, int padding) {
        return (size + 2L * padding - kernel) / stride + 1;
    }
}
