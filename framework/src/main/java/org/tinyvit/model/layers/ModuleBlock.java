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
import ai.djl.util.PairList;

/**
 * Base of every TinyViT block. Every parameter shape follows from the spec, so parameters are
 * created with their shapes and initialisation ignores input shapes. Children are named as in
 * timm's state dicts (see {@link NamedParameters}).
 */
public abstract class ModuleBlock extends AbstractBlock {

    /** Runs this block on one array; {@code training} switches BatchNorm and drop path. */
    public abstract NDArray apply(ParameterStore ps, NDArray x, boolean training);

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " output shape depends on the run-time input");
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
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
}
