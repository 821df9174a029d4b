package org.tinyvit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.List;

/** Stages 1…: patch merging, then TinyViT blocks on the channels-last map; NCHW in and out. */
public final class AttentionStage extends ModuleBlock {
    private final PatchMerging downsample;
    private final BlockGroup blocks;

    public AttentionStage(PatchMerging downsample, BlockGroup blocks) {
        this.downsample = addChildBlock("downsample", downsample);
        this.blocks = addChildBlock("blocks", blocks);
    }

    public List<TinyVitBlock> tinyVitBlocks() {
        return blocks.members().stream().map(TinyVitBlock.class::cast).toList();
    }

    public PatchMerging downsample() {
        return downsample;
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray tokens = downsample.apply(ps, x, training).transpose(0, 2, 3, 1);
        return blocks.apply(ps, tokens, training).transpose(0, 3, 1, 2);
    }
}
