package org.tinyvit.model.tinyvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tinyvit.model.layers.BlockGroup;
import org.tinyvit.model.layers.ModuleBlock;

/** Stage 0: MBConv blocks on an NCHW map. */
public final class ConvStage extends ModuleBlock {
    private final BlockGroup blocks;

    public ConvStage(BlockGroup blocks) {
        this.blocks = addChildBlock("blocks", blocks);
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return blocks.apply(ps, x, training);
    }

    @Override
    protected Shape outputShape(Shape input, Children children) {
        return children.through(blocks, input);
    }
}
