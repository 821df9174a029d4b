package org.tinyvit.model.tinyvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tinyvit.model.layers.ConvNorm;
import org.tinyvit.model.layers.DropPath;
import org.tinyvit.model.layers.ModuleBlock;

/**
 * One block of an attention stage, on a channels-last map [B, H, W, C]: window attention with
 * residual, a depthwise ConvBN that replaces the map, then an MLP with residual. A map that fits
 * in one window is attended whole; larger maps whose sides are not multiples of the window are
 * padded bottom/right and the padded positions are masked out of every attention, so padding
 * never changes a real token's output.
 */
public final class TinyVitBlock extends ModuleBlock {
    /** Added to scores of padded keys: their softmax weight underflows to exactly zero. */
    static final float MASKED = -1e9f;

    private final int window;
    private final double dropPath;
    private final Attention attn;
    private final ConvNorm localConv;
    private final Mlp mlp;

    public TinyVitBlock(int width, int heads, int window, int mlpHidden, int localConvSize, double dropPath) {
        this.window = window;
        this.dropPath = dropPath;
        attn = addChildBlock("attn", new Attention(width, heads, window));
        localConv = addChildBlock("local_conv", new ConvNorm(width, width, localConvSize, 1, width));
        mlp = addChildBlock("mlp", new Mlp(width, mlpHidden));
    }

    public Attention attention() {
        return attn;
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        x = x.add(DropPath.apply(windowAttention(ps, x, training, 0f), dropPath, training));
        x = localConv.apply(ps, x.transpose(0, 3, 1, 2), training).transpose(0, 2, 3, 1);
        return x.add(DropPath.apply(mlp.apply(ps, x, training), dropPath, training));
    }

    /** Channels-last [B, H, W, C] in and out: both branches are residual. */
    @Override
    protected Shape outputShape(Shape map, Children children) {
        children.through(attn, windowsShape(map));
        children.through(localConv, channelsFirst(map));
        children.through(mlp, map);
        return map;
    }

    /** The windows [B', N, C] that {@link #windowAttention} hands to the attention. */
    private Shape windowsShape(Shape map) {
        long h = map.get(1);
        long w = map.get(2);
        if (fitsOneWindow(h, w)) {
            return new Shape(map.get(0), h * w, map.get(3));
        }
        long windows = ceilTo(h, window) / window * (ceilTo(w, window) / window);
        return new Shape(map.get(0) * windows, (long) window * window, map.get(3));
    }

    private boolean fitsOneWindow(long h, long w) {
        return h <= window && w <= window;
    }

    /**
     * Attention over windows of a channels-last map, padding with {@code padValue} where needed.
     * The pad value is a parameter only so a test can show that it does not matter.
     */
    NDArray windowAttention(ParameterStore ps, NDArray x, boolean training, float padValue) {
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(1);
        long w = s.get(2);
        long c = s.get(3);
        if (fitsOneWindow(h, w)) {
            // The map fits in one window: attending over it directly equals padding it to the
            // window and masking the padding, at a fraction of the cost.
            return attn.attend(ps, x.reshape(b, h * w, c), (int) h, (int) w, null, training).reshape(b, h, w, c);
        }
        long ph = ceilTo(h, window);
        long pw = ceilTo(w, window);
        long nh = ph / window;
        long nw = pw / window;
        NDArray padded = pad(x, ph, pw, padValue);
        NDArray windows = toWindows(padded, nh, nw, c);
        NDArray mask = null;
        if (ph != h || pw != w) {
            NDManager m = x.getManager();
            NDArray valid = m.ones(new Shape(1, h, w, 1), x.getDataType(), x.getDevice());
            NDArray validPadded = pad(valid, ph, pw, 0f);
            mask = toWindows(validPadded, nh, nw, 1).reshape(nh * nw, (long) window * window)
                    .sub(1f).mul(-MASKED);
        }
        NDArray out = attn.attend(ps, windows, window, window, mask, training);
        return fromWindows(out, b, nh, nw, c).get(":, :" + h + ", :" + w + ", :");
    }

    private NDArray toWindows(NDArray map, long nh, long nw, long c) {
        long b = map.getShape().get(0);
        return map.reshape(b, nh, window, nw, window, c)
                .transpose(0, 1, 3, 2, 4, 5)
                .reshape(b * nh * nw, (long) window * window, c);
    }

    private NDArray fromWindows(NDArray windows, long b, long nh, long nw, long c) {
        return windows.reshape(b, nh, nw, window, window, c)
                .transpose(0, 1, 3, 2, 4, 5)
                .reshape(b, nh * window, nw * window, c);
    }

    private static NDArray pad(NDArray x, long ph, long pw, float value) {
        Shape s = x.getShape();
        NDManager m = x.getManager();
        if (ph > s.get(1)) {
            x = x.concat(m.full(new Shape(s.get(0), ph - s.get(1), s.get(2), s.get(3)), value, x.getDataType(), x.getDevice()), 1);
        }
        if (pw > s.get(2)) {
            x = x.concat(m.full(new Shape(s.get(0), ph, pw - s.get(2), s.get(3)), value, x.getDataType(), x.getDevice()), 2);
        }
        return x;
    }

    private static long ceilTo(long size, long multiple) {
        return (size + multiple - 1) / multiple * multiple;
    }
}
