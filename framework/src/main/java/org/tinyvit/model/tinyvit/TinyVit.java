package org.tinyvit.model.tinyvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.StudentBlock;
import org.tinyvit.model.layers.BlockGroup;
import org.tinyvit.model.layers.ModuleBlock;

/**
 * The DJL block of a whole TinyViT: stem, stage 0 of MBConv blocks, attention stages, head.
 * Input NCHW float32 of any height and width; output logits [N, classes].
 *
 * <pre>{@code
 * Model model = Model.newInstance("tinyvit");
 * model.setBlock(new TinyVit(Presets.get("tinyvit-5m")));
 * }</pre>
 */
public final class TinyVit extends StudentBlock {
    private final TinyVitSpec spec;
    private final Stem stem;
    private final BlockGroup stages;
    private final Head head;

    public TinyVit(TinyVitSpec spec) {
        this.spec = spec;
        int[] dims = spec.embedDims();
        stem = addChildBlock("patch_embed", new Stem(spec.inChans(), dims[0]));
        stages = new BlockGroup();
        int blockIndex = 0;
        BlockGroup convBlocks = new BlockGroup();
        for (int j = 0; j < spec.depths()[0]; j++) {
            convBlocks.add(new MBConv(dims[0], spec.mbconvHidden(0), spec.dropPathRate(blockIndex++)));
        }
        stages.add(new ConvStage(convBlocks));
        for (int i = 1; i < spec.stageCount(); i++) {
            BlockGroup blocks = new BlockGroup();
            for (int j = 0; j < spec.depths()[i]; j++) {
                blocks.add(new TinyVitBlock(dims[i], spec.numHeads()[i], spec.windowSizes()[i],
                        spec.mlpHidden(i), spec.localConvSize(), spec.dropPathRate(blockIndex++)));
            }
            stages.add(new AttentionStage(new PatchMerging(dims[i - 1], dims[i]), blocks));
        }
        addChildBlock("stages", stages);
        head = addChildBlock("head", new Head(dims[dims.length - 1], spec.numClasses()));
    }

    @Override
    public TinyVitSpec spec() {
        return spec;
    }

    public List<ModuleBlock> stages() {
        return stages.members();
    }

    /** The NCHW map after the last stage, before the head. */
    public NDArray features(ParameterStore ps, NDArray images, boolean training) {
        checkInput(images.getShape());
        NDArray x = stem.apply(ps, images, training);
        return stages.apply(ps, x, training);
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray images, boolean training) {
        return head.apply(ps, features(ps, images, training), training);
    }

    /** Logits, and the map [B, H, W, C] entering the last block of attention stage {@code stage}. */
    public NDArray[] applyCapturing(ParameterStore ps, NDArray images, boolean training, int stage) {
        if (stage < 1 || stage >= spec.stageCount() || spec.depths()[stage] == 0) {
            throw new TinyVitException("stage " + stage + " has no attention block to take relations from");
        }
        checkInput(images.getShape());
        NDArray[] captured = new NDArray[1];
        NDArray x = stem.apply(ps, images, training);
        List<ModuleBlock> all = stages.members();
        for (int i = 0; i < all.size(); i++) {
            x = i == stage
                    ? ((AttentionStage) all.get(i)).apply(ps, x, training, map -> captured[0] = map)
                    : all.get(i).apply(ps, x, training);
        }
        return new NDArray[] {head.apply(ps, x, training), captured[0]};
    }

    /** The attention of the last block of attention stage {@code stage}. */
    public Attention lastAttention(int stage) {
        List<TinyVitBlock> blocks = ((AttentionStage) stages.members().get(stage)).tinyVitBlocks();
        return blocks.get(blocks.size() - 1).attention();
    }

    @Override
    protected Shape outputShape(Shape images, Children children) {
        checkInput(images);
        return children.through(head, children.through(stages, children.through(stem, images)));
    }

    private void checkInput(Shape shape) {
        if (shape.dimension() != 4 || shape.get(1) != spec.inChans()) {
            throw new TinyVitException("input must be NCHW with " + spec.inChans() + " channel(s), got shape " + shape);
        }
    }
}
