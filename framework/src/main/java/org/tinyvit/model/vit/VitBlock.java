package org.tinyvit.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tinyvit.model.Scalars;
import org.tinyvit.model.layers.Dense;
import org.tinyvit.model.layers.ModuleBlock;
import org.tinyvit.model.layers.Norm;

/** Pre-norm transformer block on tokens [B, N, C]: x + attn(norm1(x)), then x + mlp(norm2(x)). */
final class VitBlock extends ModuleBlock {
    private final Norm norm1;
    private final SelfAttention attn;
    private final Norm norm2;
    private final FeedForward mlp;

    VitBlock(int width, int heads, int hidden) {
        norm1 = addChildBlock("norm1", new Norm(width));
        attn = addChildBlock("attn", new SelfAttention(width, heads));
        norm2 = addChildBlock("norm2", new Norm(width));
        mlp = addChildBlock("mlp", new FeedForward(width, hidden));
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        x = x.add(attn.apply(ps, norm1.apply(ps, x, training), training));
        return x.add(mlp.apply(ps, norm2.apply(ps, x, training), training));
    }

    /** Both branches are residual, so the tokens keep their shape. */
    @Override
    protected Shape outputShape(Shape tokens, Children children) {
        children.through(attn, children.through(norm1, tokens));
        children.through(mlp, children.through(norm2, tokens));
        return tokens;
    }

    /** Multi-head self-attention over all tokens: qkv, scaled softmax, proj. */
    private static final class SelfAttention extends ModuleBlock {
        private final int heads;
        private final Dense qkv;
        private final Dense proj;

        SelfAttention(int width, int heads) {
            this.heads = heads;
            qkv = addChildBlock("qkv", new Dense(width, 3 * width));
            proj = addChildBlock("proj", new Dense(width, width));
        }

        @Override
        public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            Shape s = x.getShape();
            long b = s.get(0);
            long n = s.get(1);
            long c = s.get(2);
            long hd = c / heads;
            NDArray q3 = qkv.apply(ps, x, training).reshape(b, n, 3, heads, hd).transpose(2, 0, 3, 1, 4);
            NDArray q = Scalars.times(q3.get(0), 1.0 / Math.sqrt(hd));
            NDArray attn = q.matMul(q3.get(1).transpose(0, 1, 3, 2)).softmax(-1);
            NDArray y = attn.matMul(q3.get(2)).transpose(0, 2, 1, 3).reshape(b, n, c);
            return proj.apply(ps, y, training);
        }

        /** proj reads the attended tokens, which have the input's shape, not qkv's. */
        @Override
        protected Shape outputShape(Shape tokens, Children children) {
            children.through(qkv, tokens);
            return children.through(proj, tokens);
        }
    }

    /** Linear, GELU, linear. */
    private static final class FeedForward extends ModuleBlock {
        private final Dense fc1;
        private final Dense fc2;

        FeedForward(int width, int hidden) {
            fc1 = addChildBlock("fc1", new Dense(width, hidden));
            fc2 = addChildBlock("fc2", new Dense(hidden, width));
        }

        @Override
        public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            return fc2.apply(ps, gelu(fc1.apply(ps, x, training)), training);
        }

        @Override
        protected Shape outputShape(Shape tokens, Children children) {
            return children.through(fc2, children.through(fc1, tokens));
        }
    }
}
