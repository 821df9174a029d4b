package org.tinyvit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

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
}
