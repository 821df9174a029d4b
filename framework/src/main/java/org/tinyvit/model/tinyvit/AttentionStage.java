package org.tinyvit.model.tinyvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.function.Consumer;
import org.tinyvit.model.layers.BlockGroup;
import org.tinyvit.model.layers.ModuleBlock;

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
        return apply(ps, x, training, null);
    }

    /**
     * Runs the stage; when {@code beforeLastBlock} is given it receives the channels-last map
     * [B, H, W, C] that enters the stage's last block (for relation distillation).
     */
    public NDArray apply(ParameterStore ps, NDArray x, boolean training, Consumer<NDArray> beforeLastBlock) {
        NDArray tokens = downsample.apply(ps, x, training).transpose(0, 2, 3, 1);
        List<ModuleBlock> members = blocks.members();
        for (int j = 0; j < members.size(); j++) {
            if (beforeLastBlock != null && j == members.size() - 1) {
                beforeLastBlock.accept(tokens);
            }
            tokens = members.get(j).apply(ps, tokens, training);
        }
        return tokens.transpose(0, 3, 1, 2);
    }

    @Override
    protected Shape outputShape(Shape input, Children children) {
        Shape map = channelsLast(children.through(downsample, input));
        return channelsFirst(children.through(blocks, map));
    }
}
