package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AdamW with decoupled weight decay on conv and linear weights only: no decay on norms, biases
 * and attention-bias tables. Each update is libtorch's fused Adam kernel, which also zeroes the
 * gradient. Clipping by global norm happens before the update when {@code maxNorm > 0}, on the
 * device: a step never waits for the host.
 */
public final class AdamW {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private record Slot(String name, Parameter parameter, boolean decay, NDArray mean, NDArray variance) {}

    private final List<Slot> slots = new ArrayList<>();
    private final float weightDecay;
    /** Keeps the clipping factor finite when every gradient is zero. */
    private static final float CLIP_EPS = 1e-6f;

    private int step;

    public AdamW(Map<String, Parameter> parameters, float weightDecay) {
        this.weightDecay = weightDecay;
        parameters.forEach((name, p) -> {
            if (p.requiresGradient()) {
                NDArray w = p.getArray();
                slots.add(new Slot(name, p, decays(name, w), w.zerosLike(), w.zerosLike()));
            }
        });
    }

    /** Both moments of every trained parameter by name ({@code mean/<parameter>}, {@code variance/<parameter>}), to save and restore. */
    Map<String, NDArray> namedMoments() {
        Map<String, NDArray> arrays = new java.util.LinkedHashMap<>();
        for (Slot s : slots) {
            arrays.put("mean/" + s.name(), s.mean());
            arrays.put("variance/" + s.name(), s.variance());
        }
        return arrays;
    }

    /** Updates made so far (the bias correction depends on it). */
    int steps() {
        return step;
    }

    /** Goes back to {@code steps} updates made, when the moments are restored to that point too. */
    void rewind(int steps) {
        this.step = steps;
    }

    /** Conv and linear weights decay; 1-D parameters (norms, biases) and bias tables do not. */
    static boolean decays(String name, NDArray weight) {
        return weight.getShape().dimension() >= 2 && !name.endsWith("attention_biases");
    }

    /** Global L2 norm of all gradients, as a scalar on the parameters' device (no host synchronisation). */
    public NDArray gradientNorm(NDManager scope) {
        NDList squares = new NDList();
        for (Slot s : slots) {
            squares.add(gradient(s, scope).square().sum());
        }
        return NDArrays.stack(squares).sum().sqrt();
    }

    /**
     * Clips by global norm when {@code maxNorm > 0}, then updates every parameter with learning
     * rate {@code lr}. Nothing is read back to the host: the clipping factor stays on the device.
     * A non-finite gradient makes the weights non-finite, which the caller sees in the loss. Call
     * it after the gradient collector is closed; temporary arrays live in {@code scope}.
     */
    public void step(float lr, float maxNorm, NDManager scope) {
        step++;
        if (maxNorm > 0) {
            NDArray scale = gradientNorm(scope).add(CLIP_EPS).pow(-1).mul(maxNorm).minimum(1f);
            for (Slot s : slots) {
                gradient(s, scope).muli(scale);
            }
        }
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        float biasCorrectedLr = (float) (lr * Math.sqrt(correction2) / correction1);
        for (Slot s : slots) {
            NDArray w = s.parameter().getArray();
            NDList inputs = new NDList(w, gradient(s, scope), s.mean(), s.variance());
            w.getNDArrayInternal().adamUpdate(inputs, new NDList(w), lr, biasCorrectedLr,
                    s.decay() ? weightDecay : 0f, 1f, -1f, BETA1, BETA2, EPS, true, true);
        }
    }

    /** A handle on a parameter's gradient, closed with {@code scope} (the gradient itself stays). */
    private static NDArray gradient(Slot s, NDManager scope) {
        NDArray g = s.parameter().getArray().getGradient();
        g.attach(scope);
        return g;
    }
}
