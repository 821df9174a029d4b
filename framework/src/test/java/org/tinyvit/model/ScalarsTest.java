package org.tinyvit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tinyvit.distill.Losses;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import org.tinyvit.model.vit.VitSpec;

/**
 * A gradient must not depend on what the garbage collector did between the forward and the
 * backward pass. Between the two, these tests collect garbage and then fill fresh native buffers
 * with NaN, so that memory freed behind a tensor autograd still holds comes back as NaN: the
 * hazard of DJL's {@code mul(Number)} that {@link Scalars} avoids.
 */
class ScalarsTest {
    /** Native buffers filled with NaN, kept until the next test so that their memory stays taken. */
    private final List<ByteBuffer> poison = new ArrayList<>();

    @AfterEach
    void release() {
        poison.clear();
    }

    /** Frees what the collector can free, then takes small native buffers (the size of a scalar's) and fills them with NaN. */
    private void collectAndPoison() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
            b.putDouble(0, Double.NaN);
            poison.add(b);
        }
    }

    /** d(Σ f(x))/dx at x = 1 (8 values), with the collector and the poison run between forward and backward. */
    private float[] gradientAcrossCollection(NDManager manager, Function<NDArray, NDArray> f) {
        NDArray x = manager.ones(new Shape(8));
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = f.apply(x).sum();
            collectAndPoison();
            gc.backward(loss);
        }
        return x.getGradient().toFloatArray();
    }

    @Test
    void aConstantFactorSurvivesTheCollectorWhereDjlsNumberProductDoesNot() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int djlWrong = 0;
            for (int trial = 0; trial < 10; trial++) {
                if (gradientAcrossCollection(manager, x -> x.mul(0.25f))[0] != 0.25f) {
                    djlWrong++;
                }
            }
            assumeTrue(djlWrong > 0, "this JVM reused no freed scalar in 10 tries: the hazard cannot be shown here");
            for (int trial = 0; trial < 10; trial++) {
                float[] gradient = gradientAcrossCollection(manager, x -> Scalars.times(x, 0.25));
                for (float g : gradient) {
                    assertEquals(0.25f, g, "try " + trial + " (DJL's own product was wrong in " + djlWrong + " of 10)");
                }
            }
        }
    }

    /** Every parameter's gradient of a cross-entropy through {@code model}, with or without the poison between the passes. */
    private Map<String, float[]> gradients(StudentSpec spec, boolean poisoned) {
        Engine.getInstance().setRandomSeed(11);
        Map<String, float[]> out = new LinkedHashMap<>();
        try (StudentModel model = StudentModel.create(spec); NDManager scope = model.manager().newSubManager()) {
            NDArray images = scope.randomNormal(new Shape(4, 1, 28, 28));
            NDArray labels = scope.create(new int[] {0, 3, 7, 9});
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.block().apply(new ParameterStore(model.manager(), false), images, true);
                NDArray loss = Losses.crossEntropy(logits, labels, 0.1f);
                if (poisoned) {
                    collectAndPoison();
                }
                gc.backward(loss);
            }
            NamedParameters.of(model.block()).forEach((name, p) -> {
                if (p.requiresGradient()) {
                    out.put(name, p.getArray().getGradient().toFloatArray());
                }
            });
        }
        return out;
    }

    private void assertSameGradients(StudentSpec spec) {
        Map<String, float[]> clean = gradients(spec, false);
        for (int trial = 0; trial < 3; trial++) {
            Map<String, float[]> poisoned = gradients(spec, true);
            assertEquals(clean.keySet(), poisoned.keySet());
            clean.forEach((name, g) -> assertArrayEquals(g, poisoned.get(name), name));
        }
    }

    @Test
    void aTinyVitsGradientsDoNotDependOnTheCollector() {
        assertSameGradients(new TinyVitSpec(new int[] {16, 32, 32, 48}, new int[] {1, 1, 1, 1}, new int[] {1, 2, 2, 3},
                new int[] {7, 7, 7, 7}, 2.0, 2.0, 3, 28, 1, 10, 0.0));
    }

    @Test
    void aVitsGradientsDoNotDependOnTheCollector() {
        assertSameGradients(new VitSpec(7, 32, 2, 2, 2.0, 28, 1, 10));
    }

    @Test
    void theRelationLossesGradientDoesNotDependOnTheCollector() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            Shape teacherShape = new Shape(2, 2, 9, 8);
            Shape studentShape = new Shape(2, 2, 9, 4);
            NDList teacher = new NDList(manager.randomNormal(teacherShape), manager.randomNormal(teacherShape), manager.randomNormal(teacherShape));
            NDArray q = manager.randomNormal(studentShape);
            NDArray k = manager.randomNormal(studentShape);
            NDArray v = manager.randomNormal(studentShape);
            float[] clean = null;
            for (int trial = 0; trial < 4; trial++) {
                NDArray leaf = q.duplicate();
                leaf.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = Losses.relation(teacher, new NDList(leaf, k, v));
                    if (trial > 0) {
                        collectAndPoison();
                    }
                    gc.backward(loss);
                }
                float[] g = leaf.getGradient().toFloatArray();
                if (clean == null) {
                    clean = g;
                } else {
                    assertArrayEquals(clean, g, "try " + trial);
                }
            }
        }
    }
}
