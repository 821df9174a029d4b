package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.tinyvit.model.Scalars;

/** The losses of the distillation methods, each a mean over the batch. */
public final class Losses {
    private Losses() {}

    /** Cross-entropy against integer labels [B]. */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        return crossEntropy(logits, labels, 0f);
    }

    /**
     * Cross-entropy against integer labels [B] smoothed by {@code smoothing}: the target is
     * 1 − smoothing + smoothing / C at the label and smoothing / C elsewhere.
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels, float smoothing) {
        int classes = (int) logits.getShape().get(1);
        NDArray target = labels.oneHot(classes);
        if (smoothing > 0) {
            target = target.mul(1 - smoothing).add(smoothing / classes);
        }
        return softCrossEntropy(logits, target);
    }

    /** Soft-target cross-entropy: −Σ target · log_softmax(logits), mean over the batch. */
    public static NDArray softCrossEntropy(NDArray logits, NDArray targets) {
        return logits.logSoftmax(1).mul(targets).sum(new int[] {1}).neg().mean();
    }

    /**
     * Hinton's distillation loss at temperature T: T² · the soft cross-entropy of softmax(logits / T)
     * against {@code targets}, which must already be softened to T ({@link #soften}). The T² keeps
     * the gradients' scale as T changes; at T = 1 it is {@link #softCrossEntropy(NDArray, NDArray)}.
     */
    public static NDArray softCrossEntropy(NDArray logits, NDArray targets, float temperature) {
        if (temperature == 1) {
            return softCrossEntropy(logits, targets);
        }
        NDArray softened = softCrossEntropy(Scalars.times(logits, 1.0 / temperature), targets);
        return Scalars.times(softened, (double) temperature * temperature);
    }

    /**
     * Softens the distribution {@code p[offset, offset + n)} to temperature T in place:
     * p_i^(1/T) / Σ_j p_j^(1/T), which for p = softmax(z) is exactly softmax(z / T). Zeros stay zero.
     */
    public static void soften(float[] p, int offset, int n, float temperature) {
        if (temperature == 1) {
            return;
        }
        double inverse = 1.0 / temperature;
        double sum = 0;
        for (int i = offset; i < offset + n; i++) {
            p[i] = p[i] > 0 ? (float) Math.pow(p[i], inverse) : 0;
            sum += p[i];
        }
        for (int i = offset; i < offset + n; i++) {
            p[i] = (float) (p[i] / sum);
        }
    }

    /**
     * TinyViT's dense target from a sparse record: the K stored probabilities at their classes,
     * the rest of the mass (1 − Σ) spread evenly over the other C − K classes.
     */
    public static void sparseTarget(int[] classes, float[] probs, int numClasses, float[] out, int offset) {
        double sum = 0;
        for (float p : probs) {
            sum += p;
        }
        int others = numClasses - classes.length;
        float rest = others > 0 ? (float) Math.max(0, 1 - sum) / others : 0f;
        java.util.Arrays.fill(out, offset, offset + numClasses, rest);
        for (int k = 0; k < classes.length; k++) {
            out[offset + classes[k]] = probs[k];
        }
    }

    /**
     * TinyMIM's relation loss: KL(teacher ‖ student) of softmax(Q·Kᵀ/√d) plus that of
     * softmax(V·Vᵀ/√d), summed over keys, mean over batch, heads and queries. Each side's q, k, v
     * are [B, heads, N, d] with the same B, heads and N; each scales by its own d.
     */
    public static NDArray relation(NDList teacher, NDList student) {
        NDArray qk = relationKl(teacher.get(0), teacher.get(1), student.get(0), student.get(1));
        NDArray vv = relationKl(teacher.get(2), teacher.get(2), student.get(2), student.get(2));
        return qk.add(vv);
    }

    private static NDArray relationKl(NDArray ta, NDArray tb, NDArray sa, NDArray sb) {
        NDArray teacherLog = logRelation(ta, tb);
        NDArray studentLog = logRelation(sa, sb);
        return teacherLog.exp().mul(teacherLog.sub(studentLog)).sum(new int[] {3}).mean();
    }

    private static NDArray logRelation(NDArray a, NDArray b) {
        double scale = 1 / Math.sqrt(a.getShape().get(3));
        return Scalars.times(a.matMul(b.transpose(0, 1, 3, 2)), scale).logSoftmax(3);
    }
}
