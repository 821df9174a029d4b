package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AdamW with decoupled weight decay on conv and linear weights only: no decay on norms, biases
 * and attention-bias tables. Each update is libtorch's fused Adam kernel, which also zeroes the
 * gradient. Clipping by global norm happens before the update when {@code maxNorm > 0}.
 */
public final class AdamW {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private record Slot(String name, Parameter parameter, boolean decay, NDArray mean, NDArray variance) {}

    private final List<Slot> slots = new ArrayList<>();
    private final float weightDecay;
    private int step;
    private int skipped;
    private String firstNonFinite;

    public AdamW(Map<String, Parameter> parameters, float weightDecay) {
        this.weightDecay = weightDecay;
        parameters.forEach((name, p) -> {
            if (p.requiresGradient()) {
                NDArray w = p.getArray();
                slots.add(new Slot(name, p, decays(name, w), w.zerosLike(), w.zerosLike()));
            }
        });
    }

    /** Conv and linear weights decay; 1-D parameters (norms, biases) and bias tables do not. */
    static boolean decays(String name, NDArray weight) {
        return weight.getShape().dimension() >= 2 && !name.endsWith("attention_biases");
    }

    /** The first parameter whose gradient was not finite, and the update it happened at, if one was. */
    public java.util.Optional<String> firstNonFinite() {
        return java.util.Optional.ofNullable(firstNonFinite);
    }

    /** Steps whose gradients were not finite and were dropped. */
    public int skipped() {
        return skipped;
    }

    /** Global L2 norm of all gradients (one host synchronisation). */
    public float gradientNorm(NDManager scope) {
        NDList squares = new NDList();
        for (Slot s : slots) {
            squares.add(gradient(s, scope).square().sum());
        }
        return (float) Math.sqrt(ai.djl.ndarray.NDArrays.stack(squares).sum().getFloat());
    }

    /**
     * Clips by global norm, then updates every parameter with learning rate {@code lr}; returns
     * the norm before clipping. Call it after the gradient collector is closed; temporary
     * arrays live in {@code scope}.
     */
    public float step(float lr, float maxNorm, NDManager scope) {
        float norm = maxNorm > 0 ? gradientNorm(scope) : Float.NaN;
        if (maxNorm > 0 && !Float.isFinite(norm)) {
            // A non-finite gradient would poison every weight: drop this step's gradients instead,
            // setting them to zero (multiplying by zero would keep a NaN, and backward adds to them).
            skipped++;
            if (firstNonFinite == null) {
                firstNonFinite = slots.stream().filter(s -> !Float.isFinite(gradient(s, scope).square().sum().getFloat()))
                        .map(Slot::name).findFirst().orElse("?") + " at update " + (step + skipped);
            }
            for (Slot s : slots) {
                gradient(s, scope).set(new NDIndex(), 0f);
            }
            return norm;
        }
        step++;
        float rescale = maxNorm > 0 && norm > maxNorm ? maxNorm / norm : 1f;
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        float biasCorrectedLr = (float) (lr * Math.sqrt(correction2) / correction1);
        for (Slot s : slots) {
            NDArray w = s.parameter().getArray();
            NDList inputs = new NDList(w, gradient(s, scope), s.mean(), s.variance());
            w.getNDArrayInternal().adamUpdate(inputs, new NDList(w), lr, biasCorrectedLr,
                    s.decay() ? weightDecay : 0f, rescale, -1f, BETA1, BETA2, EPS, true, true);
        }
        return norm;
    }

    /** A handle on a parameter's gradient, closed with {@code scope} (the gradient itself stays). */
    private static NDArray gradient(Slot s, NDManager scope) {
        NDArray g = s.parameter().getArray().getGradient();
        g.attach(scope);
        return g;
    }
}
