package org.tinyvit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Base of every TinyViT block. Every parameter shape follows from the spec, so parameters are
 * created with their shapes and initialisation never changes them; it only records, for each
 * block, the input shape the forward pass gives it. Children are named as in timm's state dicts
 * (see {@link NamedParameters}).
 */
public abstract class ModuleBlock extends AbstractBlock {

    /** Runs this block on one array; {@code training} switches BatchNorm and drop path. */
    public abstract NDArray apply(ParameterStore ps, NDArray x, boolean training);

    /**
     * The output shape for {@code input}, following {@link #apply}: every child is passed through
     * {@code children} with the shape it receives there. One walk serves both
     * {@link #getOutputShapes} and the initialisation of the children.
     */
    protected abstract Shape outputShape(Shape input, Children children);

    /** Passes a shape through a child block; gives the child's output shape. */
    @FunctionalInterface
    protected interface Children {
        Shape through(Block child, Shape input);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {outputShape(single(inputShapes), ModuleBlock::childOutput)};
    }

    /**
     * Initialises each child with the input shape the forward pass gives it, in the order the
     * children were added: random initialisers draw in that order, so seeded starts stay as they were.
     */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Map<Block, Shape> received = new IdentityHashMap<>();
        outputShape(single(inputShapes), (child, shape) -> {
            received.putIfAbsent(child, shape);
            return childOutput(child, shape);
        });
        for (Pair<String, Block> child : getChildren()) {
            Shape shape = received.get(child.getValue());
            if (shape == null) {
                throw new IllegalStateException(getClass().getSimpleName() + " passes no shape through its child " + child.getKey());
            }
            child.getValue().initialize(manager, dataType, shape);
        }
    }

    /** NCHW to the channels-last [B, H, W, C] that attention stages work on. */
    protected static Shape channelsLast(Shape nchw) {
        return new Shape(nchw.get(0), nchw.get(2), nchw.get(3), nchw.get(1));
    }

    /** Channels-last [B, H, W, C] back to NCHW. */
    protected static Shape channelsFirst(Shape nhwc) {
        return new Shape(nhwc.get(0), nhwc.get(3), nhwc.get(1), nhwc.get(2));
    }

    /** Refuses an input whose axis {@code axis} (negative: from the end) is not {@code size}. */
    protected final void requireAxis(Shape input, int axis, long size) {
        int i = axis < 0 ? input.dimension() + axis : axis;
        if (i < 0 || i >= input.dimension() || input.get(i) != size) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs size " + size + " on axis " + axis + ", got input " + input);
        }
    }

    protected Parameter param(String name, Parameter.Type type, Shape shape, Initializer init, boolean trainable) {
        return addParameter(Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(shape)
                .optInitializer(init)
                .optRequiresGrad(trainable)
                .build());
    }

    protected static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        return ps.getValue(p, like.getDevice(), training);
    }

    protected static NDArray gelu(NDArray x) {
        return x.getNDArrayInternal().gelu();
    }

    private static Shape childOutput(Block child, Shape input) {
        return child.getOutputShapes(new Shape[] {input})[0];
    }

    private Shape single(Shape[] inputShapes) {
        if (inputShapes.length != 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " takes one input, got " + inputShapes.length + " shapes");
        }
        return inputShapes[0];
    }
}
