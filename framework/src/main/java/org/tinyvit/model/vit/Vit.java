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
    private final Dense patchProjection;
    private final Parameter classToken;
    private final Parameter positions;
    private final BlockGroup blocks;
    private final Norm norm;
    private final Dense head;

    public Vit(VitSpec spec) {
        this.spec = spec;
        int d = spec.embedDim();
        patchProjection = addChildBlock("patch_embed", new Layers()).add("proj", new Dense(spec.inChans() * spec.patchSize() * spec.patchSize(), d));
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
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(1) != spec.inChans() || s.get(2) != spec.imgSize() || s.get(3) != spec.imgSize()) {
            throw new TinyVitException("ViT input must be [N, " + spec.inChans() + ", " + spec.imgSize() + ", " + spec.imgSize() + "], got " + s);
        }
        long n = s.get(0);
        int p = spec.patchSize();
        int g = spec.grid();
        NDArray patches = images.reshape(n, spec.inChans(), g, p, g, p).transpose(0, 2, 4, 1, 3, 5)
                .reshape(n, (long) g * g, (long) spec.inChans() * p * p);
        NDArray x = patchProjection.apply(ps, patches, training);
        NDArray cls = value(ps, classToken, x, training).broadcast(n, 1, spec.embedDim());
        x = cls.concat(x, 1).add(value(ps, positions, x, training));
        x = norm.apply(ps, blocks.apply(ps, x, training), training);
        return head.apply(ps, x.get(":, 0, :"), training);
    }

    /** Pre-norm transformer block: x + attn(norm1(x)), then x + mlp(norm2(x)). */
    static final class VitBlock extends ModuleBlock {
        private final Norm norm1;
        private final Dense qkv;
        private final Dense proj;
        private final Norm norm2;
        private final Dense fc1;
        private final Dense fc2;
        private final int heads;

        VitBlock(int width, int heads, int hidden) {
            this.heads = heads;
            norm1 = addChildBlock("norm1", new Norm(width));
            Layers attn = addChildBlock("attn", new Layers());
            qkv = attn.add("qkv", new Dense(width, 3 * width));
            proj = attn.add("proj", new Dense(width, width));
            norm2 = addChildBlock("norm2", new Norm(width));
            Layers mlp = addChildBlock("mlp", new Layers());
            fc1 = mlp.add("fc1", new Dense(width, hidden));
            fc2 = mlp.add("fc2", new Dense(hidden, width));
        }

        @Override
        public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            Shape s = x.getShape();
            long b = s.get(0);
            long n = s.get(1);
            long c = s.get(2);
            long hd = c / heads;
            NDArray q3 = qkv.apply(ps, norm1.apply(ps, x, training), training).reshape(b, n, 3, heads, hd).transpose(2, 0, 3, 1, 4);
            NDArray q = q3.get(0).mul(1.0 / Math.sqrt(hd));
            NDArray attn = q.matMul(q3.get(1).transpose(0, 1, 3, 2)).softmax(-1);
            NDArray y = attn.matMul(q3.get(2)).transpose(0, 2, 1, 3).reshape(b, n, c);
            x = x.add(proj.apply(ps, y, training));
            return x.add(fc2.apply(ps, gelu(fc1.apply(ps, norm2.apply(ps, x, training), training)), training));
        }
    }

    /** A named holder of layers ({@code patch_embed.proj}, {@code attn.qkv}) applied by its parent. */
    private static final class Layers extends ModuleBlock {
        Dense add(String name, Dense layer) {
            return addChildBlock(name, layer);
        }

        @Override
        public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            throw new UnsupportedOperationException("applied through its parent block");
        }
    }
}
