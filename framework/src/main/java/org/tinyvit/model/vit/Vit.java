package org.tinyvit.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.StudentBlock;
import org.tinyvit.model.layers.BlockGroup;
import org.tinyvit.model.layers.Dense;
import org.tinyvit.model.layers.ModuleBlock;
import org.tinyvit.model.layers.Norm;

/**
 * The plain ViT of {@link VitSpec}. Weight names follow timm's VisionTransformer, except that
 * {@code patch_embed.proj.weight} is stored as [width, channels·p·p] (a linear layer over
 * flattened patches, which is what the strided convolution computes).
 */
public final class Vit extends StudentBlock {
    private final VitSpec spec;
    private final PatchEmbed patchEmbed;
    private final Parameter classToken;
    private final Parameter positions;
    private final BlockGroup blocks;
    private final Norm norm;
    private final Dense head;

    public Vit(VitSpec spec) {
        this.spec = spec;
        int d = spec.embedDim();
        patchEmbed = addChildBlock("patch_embed", new PatchEmbed(spec.inChans(), spec.patchSize(), d));
        classToken = param("cls_token", Parameter.Type.WEIGHT, new Shape(1, 1, d), new TruncatedNormalInitializer(1e-6f), true);
        positions = param("pos_embed", Parameter.Type.WEIGHT, new Shape(1, spec.tokens(), d), new TruncatedNormalInitializer(Dense.INIT_STD), true);
        blocks = new BlockGroup();
        for (int i = 0; i < spec.depth(); i++) {
            blocks.add(new VitBlock(d, spec.numHeads(), spec.mlpHidden()));
        }
        addChildBlock("blocks", blocks);
        norm = addChildBlock("norm", new Norm(d));
        head = addChildBlock("head", new Dense(d, spec.numClasses()));
    }

    @Override
    public VitSpec spec() {
        return spec;
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray images, boolean training) {
        checkInput(images.getShape());
        long n = images.getShape().get(0);
        NDArray x = patchEmbed.apply(ps, images, training);
        NDArray cls = value(ps, classToken, x, training).broadcast(n, 1, spec.embedDim());
        x = cls.concat(x, 1).add(value(ps, positions, x, training));
        x = norm.apply(ps, blocks.apply(ps, x, training), training);
        return head.apply(ps, x.get(":, 0, :"), training);
    }

    /** Images in, logits [N, classes] out; the blocks see [N, tokens, width], the head the class token. */
    @Override
    protected Shape outputShape(Shape images, Children children) {
        checkInput(images);
        Shape patches = children.through(patchEmbed, images);
        // The class token joins the patches.
        Shape tokens = new Shape(patches.get(0), patches.get(1) + 1, patches.get(2));
        tokens = children.through(norm, children.through(blocks, tokens));
        return children.through(head, new Shape(tokens.get(0), tokens.get(2)));
    }

    private void checkInput(Shape s) {
        if (s.dimension() != 4 || s.get(1) != spec.inChans() || s.get(2) != spec.imgSize() || s.get(3) != spec.imgSize()) {
            throw new TinyVitException("ViT input must be [N, " + spec.inChans() + ", " + spec.imgSize() + ", " + spec.imgSize() + "], got " + s);
        }
    }

    /** Cuts NCHW images into p × p patches and projects each flattened patch: [N, patches, width]. */
    private static final class PatchEmbed extends ModuleBlock {
        private final int patch;
        private final Dense proj;

        PatchEmbed(int inChans, int patch, int width) {
            this.patch = patch;
            proj = addChildBlock("proj", new Dense(inChans * patch * patch, width));
        }

        @Override
        public NDArray apply(ParameterStore ps, NDArray images, boolean training) {
            Shape s = images.getShape();
            long gh = s.get(2) / patch;
            long gw = s.get(3) / patch;
            NDArray patches = images.reshape(s.get(0), s.get(1), gh, patch, gw, patch).transpose(0, 2, 4, 1, 3, 5)
                    .reshape(patchesShape(s));
            return proj.apply(ps, patches, training);
        }

        @Override
        protected Shape outputShape(Shape images, Children children) {
            return children.through(proj, patchesShape(images));
        }

        private Shape patchesShape(Shape images) {
            return new Shape(images.get(0), (images.get(2) / patch) * (images.get(3) / patch), images.get(1) * patch * patch);
        }
    }
}
