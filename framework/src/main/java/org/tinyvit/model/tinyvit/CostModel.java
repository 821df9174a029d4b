package org.tinyvit.model.tinyvit;

import org.tinyvit.model.Cost;
import org.tinyvit.model.layers.ConvNorm;

/**
 * Exact trainable-parameter count and multiply-accumulate count of a {@link TinyVitSpec},
 * computed from the spec alone. MACs count convolutions, linear layers and the two attention
 * products (q·kᵀ, attn·v) over every token that is computed: a map that fits in one window is
 * attended whole, larger maps are padded to whole windows and the padded tokens count;
 * norms, activations and softmax are not counted.
 *
 * <pre>{@code
 * Cost cost = CostModel.of(Presets.get("tinyvit-5m"), 224);
 * }</pre>
 */
public final class CostModel {
    private CostModel() {}

    public static Cost of(TinyVitSpec spec) {
        return of(spec, spec.imgSize(), spec.imgSize());
    }

    public static Cost of(TinyVitSpec spec, int imgSize) {
        return of(spec, imgSize, imgSize);
    }

    public static long params(TinyVitSpec spec) {
        return of(spec).params();
    }

    public static Cost of(TinyVitSpec s, int height, int width) {
        int c0 = s.embedDims()[0];
        int h = convOut(height, 3, 2, 1);
        int w = convOut(width, 3, 2, 1);
        Cost total = convNorm(s.inChans(), c0 / 2, 3, 1, h, w);
        h = convOut(h, 3, 2, 1);
        w = convOut(w, 3, 2, 1);
        total = total.plus(convNorm(c0 / 2, c0, 3, 1, h, w));
        for (int j = 0; j < s.depths()[0]; j++) {
            int hidden = s.mbconvHidden(0);
            total = total.plus(convNorm(c0, hidden, 1, 1, h, w))
                    .plus(convNorm(hidden, hidden, 3, hidden, h, w))
                    .plus(convNorm(hidden, c0, 1, 1, h, w));
        }
        for (int i = 1; i < s.stageCount(); i++) {
            int in = s.embedDims()[i - 1];
            int c = s.embedDims()[i];
            total = total.plus(convNorm(in, c, 1, 1, h, w));
            h = convOut(h, 3, 2, 1);
            w = convOut(w, 3, 2, 1);
            total = total.plus(convNorm(c, c, 3, c, h, w)).plus(convNorm(c, c, 1, 1, h, w));
            for (int j = 0; j < s.depths()[i]; j++) {
                total = total.plus(attentionBlock(s, i, h, w));
            }
        }
        int last = s.embedDims()[s.stageCount() - 1];
        return total.plus(new Cost(2L * last, 0)).plus(linear(last, s.numClasses(), 1));
    }

    private static Cost attentionBlock(TinyVitSpec s, int stage, int h, int w) {
        int c = s.embedDims()[stage];
        int ws = s.windowSizes()[stage];
        long tokens = (long) h * w;
        long computedTokens = tokens;
        long attentionMacs;
        if (h <= ws && w <= ws) {
            attentionMacs = 2L * tokens * tokens * c;
        } else {
            long windows = (long) ceilDiv(h, ws) * ceilDiv(w, ws);
            long n = (long) ws * ws;
            computedTokens = windows * n;
            attentionMacs = 2L * windows * n * n * c;
        }
        Cost attention = new Cost(2L * c + (long) s.numHeads()[stage] * ws * ws, attentionMacs)
                .plus(linear(c, 3 * c, computedTokens))
                .plus(linear(c, c, computedTokens));
        int hidden = s.mlpHidden(stage);
        Cost mlp = new Cost(2L * c, 0).plus(linear(c, hidden, tokens)).plus(linear(hidden, c, tokens));
        Cost localConv = convNorm(c, c, s.localConvSize(), c, h, w);
        return attention.plus(localConv).plus(mlp);
    }

    /** A bias-free convolution followed by BatchNorm (2 trainable parameters per channel). */
    private static Cost convNorm(int in, int out, int k, int groups, int outH, int outW) {
        long weights = (long) out * (in / groups) * k * k;
        return new Cost(weights + 2L * out, weights * outH * outW);
    }

    private static Cost linear(int in, int out, long tokens) {
        long weights = (long) in * out;
        return new Cost(weights + out, weights * tokens);
    }

    /**
     * The side of each stage's (square) map for a square input of {@code imgSize}: stage 0 after
     * the stem's two stride-2 convolutions, each later stage after its stride-2 patch merging.
     * Enough sides for four stages and more.
     */
    static int[] stageSides(int imgSize) {
        int[] sides = new int[8];
        sides[0] = convOut(convOut(imgSize, 3, 2, 1), 3, 2, 1);
        for (int i = 1; i < sides.length; i++) {
            sides[i] = convOut(sides[i - 1], 3, 2, 1);
        }
        return sides;
    }

    static int convOut(int size, int kernel, int stride, int padding) {
        return Math.toIntExact(ConvNorm.outputSize(size, kernel, stride, padding));
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
