package org.tinyvit.model.tinyvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import org.tinyvit.model.Scalars;
import org.tinyvit.model.layers.Dense;
import org.tinyvit.model.layers.ModuleBlock;
import org.tinyvit.model.layers.Norm;

/**
 * Multi-head self-attention inside one window of {@code ws × ws} tokens, with TinyViT's learned
 * bias per head and absolute offset (|dy|, |dx|). The qkv outputs are grouped head by head:
 * [q_h | k_h | v_h] for head h.
 */
public final class Attention extends ModuleBlock {
    private final int heads;
    private final int headDim;
    private final int window;
    private final float scale;
    private final Norm norm;
    private final Dense qkv;
    private final Dense proj;
    private final Parameter biases;
    private final java.util.Map<Long, NDArray> indexCache = new java.util.HashMap<>();

    public Attention(int width, int heads, int window) {
        this.heads = heads;
        this.headDim = width / heads;
        this.window = window;
        this.scale = (float) Math.pow(headDim, -0.5);
        norm = addChildBlock("norm", new Norm(width));
        qkv = addChildBlock("qkv", new Dense(width, 3 * width));
        proj = addChildBlock("proj", new Dense(width, width));
        biases = param("attention_biases", Parameter.Type.WEIGHT, new Shape(heads, (long) window * window), Initializer.ZEROS, true);
    }

    public int heads() {
        return heads;
    }

    public int window() {
        return window;
    }

    /**
     * For each pair of positions (i, j) of an h × w grid inside a window, row-major:
     * |dy| * ws + |dx|, the column of the bias table.
     */
    static long[] offsetIndex(int h, int w, int ws) {
        int n = h * w;
        long[] index = new long[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                index[i * n + j] = (long) Math.abs(i / w - j / w) * ws + Math.abs(i % w - j % w);
            }
        }
        return index;
    }

    /** q, k, v of windows [B', N, C], each [B', heads, N, headDim]. */
    public NDList queryKeyValue(ParameterStore ps, NDArray windows, boolean training) {
        Shape s = windows.getShape();
        NDArray packed = qkv.apply(ps, norm.apply(ps, windows, training), training)
                .reshape(s.get(0), s.get(1), heads, 3L * headDim)
                .transpose(0, 2, 1, 3);
        return packed.split(new long[] {headDim, 2L * headDim}, 3);
    }

    /**
     * q, k and v of tokens [B, N, C] over all N tokens (no windows), each with its width split
     * into {@code relationHeads} heads: [B, relationHeads, N, C / relationHeads]. Used by
     * relation distillation, where the student takes the teacher's head count.
     */
    public NDList relationQueryKeyValue(ParameterStore ps, NDArray tokens, int relationHeads, boolean training) {
        Shape s = tokens.getShape();
        long width = s.get(2);
        if (width % relationHeads != 0) {
            throw new org.tinyvit.TinyVitException("width " + width + " cannot be split into " + relationHeads + " relation heads");
        }
        NDList own = queryKeyValue(ps, tokens, training); // each [B, heads, N, headDim]
        NDList split = new NDList();
        for (NDArray part : own) {
            split.add(part.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(1), relationHeads, width / relationHeads).transpose(0, 2, 1, 3));
        }
        return split;
    }

    /**
     * Attends within each window of {@code gridH × gridW} tokens (at most the window size).
     *
     * @param windows [B·nW, gridH·gridW, C]
     * @param keyMask null, or [nW, N] with a large negative value at padded positions
     */
    public NDArray attend(ParameterStore ps, NDArray windows, int gridH, int gridW, NDArray keyMask, boolean training) {
        Shape s = windows.getShape();
        long n = s.get(1);
        NDList qkvList = queryKeyValue(ps, windows, training);
        NDArray scores = Scalars.times(qkvList.get(0).matMul(qkvList.get(1).transpose(0, 1, 3, 2)), scale)
                .add(positionBias(ps, windows, gridH, gridW, training));
        if (keyMask != null) {
            long nw = keyMask.getShape().get(0);
            scores = scores.reshape(s.get(0) / nw, nw, heads, n, n)
                    .add(keyMask.reshape(1, nw, 1, 1, n))
                    .reshape(s.get(0), heads, n, n);
        }
        NDArray out = scores.softmax(-1).matMul(qkvList.get(2))
                .transpose(0, 2, 1, 3)
                .reshape(s.get(0), n, s.get(2));
        return proj.apply(ps, out, training);
    }

    /** The bias [heads, N, N]: an embedding lookup of the offset index in the table, transposed. */
    private NDArray positionBias(ParameterStore ps, NDArray like, int gridH, int gridW, boolean training) {
        NDArray table = value(ps, biases, like, training);
        long n = (long) gridH * gridW;
        // both would land in the model's manager (the table's and the cached index's) and live as long as the model: one batch's
        NDArray columns = table.transpose();
        columns.attach(like.getManager());
        NDArray picked = table.getNDArrayInternal().embedding(index(table, gridH, gridW), columns, SparseFormat.DENSE).singletonOrThrow();
        picked.attach(like.getManager());
        return picked.transpose().reshape(heads, n, n);
    }

    /** Offset indices live as long as the parameter arrays they are used with. */
    private synchronized NDArray index(NDArray table, int gridH, int gridW) {
        long key = (long) gridH << 32 | gridW;
        NDArray cached = indexCache.get(key);
        if (cached == null || cached.isReleased() || cached.getManager() != table.getManager()) {
            cached = table.getManager().create(offsetIndex(gridH, gridW, window));
            indexCache.put(key, cached);
        }
        return cached;
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray windows, boolean training) {
        return attend(ps, windows, window, window, null, training);
    }

    /** Windows [B', N, C] in and out; qkv and proj both read the normalised tokens' width. */
    @Override
    protected Shape outputShape(Shape windows, Children children) {
        Shape normed = children.through(norm, windows);
        children.through(qkv, normed);
        return children.through(proj, normed);
    }
}
