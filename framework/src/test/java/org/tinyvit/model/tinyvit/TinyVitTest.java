package org.tinyvit.model.tinyvit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tinyvit.model.NamedParameters;
import org.tinyvit.model.layers.DropPath;

class TinyVitTest {

    /** TINYVIT.md §2, exact. */
    @ParameterizedTest
    @CsvSource({
        "tinyvit-5m, 1000, 5392764", "tinyvit-5m, 21841, 12082725",
        "tinyvit-11m, 1000, 10996972", "tinyvit-11m, 21841, 20354581",
        "tinyvit-21m, 1000, 21198568", "tinyvit-21m, 21841, 33223825",
        "tinyvit-21m-384, 1000, 21230488", "tinyvit-21m-512, 1000, 21268120"})
    void builtBlockHasThePublishedParameterCount(String preset, int classes, long expected) {
        TinyVitSpec spec = Presets.get(preset).withNumClasses(classes);
        try (ModelFixture f = new ModelFixture(spec)) {
            assertEquals(expected, NamedParameters.countTrainable(f.block));
            assertEquals(expected, CostModel.params(spec));
        }
    }

    /** TINYVIT.md §2: 1.255G / 2.016G / 4.250G / 13.698G / 26.884G, within 0.5%. */
    @ParameterizedTest
    @CsvSource({"tinyvit-5m, 1.255e9", "tinyvit-11m, 2.016e9", "tinyvit-21m, 4.250e9",
        "tinyvit-21m-384, 13.698e9", "tinyvit-21m-512, 26.884e9"})
    void macsMatchThePaper(String preset, double expected) {
        long macs = CostModel.of(Presets.get(preset)).macs();
        assertTrue(Math.abs(macs - expected) / expected < 0.005, preset + " MACs " + macs);
    }

    @ParameterizedTest
    @CsvSource({"224, 3, 1000", "256, 3, 1000", "28, 1, 10", "64, 1, 10"})
    void outputShapeIsBatchByClassesAtAnyResolution(int size, int channels, int classes) {
        TinyVitSpec spec = Presets.get("tinyvit-5m").withInChans(channels).withNumClasses(classes);
        try (ModelFixture f = new ModelFixture(spec)) {
            NDArray out = f.run(f.manager.randomNormal(new Shape(2, channels, size, size)), false);
            assertEquals(new Shape(2, classes), out.getShape());
            assertTrue(Float.isFinite(out.sum().getFloat()));
        }
    }

    @Test
    void oneBackwardStepReachesEveryParameter() {
        TinyVitSpec spec = Presets.get("tinyvit-5m").withInChans(1).withNumClasses(10);
        try (ModelFixture f = new ModelFixture(spec);
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            // MBConv's last BatchNorm starts at zero, which blocks gradients into its branch at
            // step 0 (as in PyTorch); give it a value so every path carries a gradient.
            for (Map.Entry<String, Parameter> p : NamedParameters.of(f.block).entrySet()) {
                if (p.getKey().endsWith("conv3.bn.weight")) {
                    p.getValue().getArray().set(f.manager.ones(p.getValue().getArray().getShape()).toFloatArray());
                }
            }
            NDArray out = f.run(f.manager.randomNormal(new Shape(4, 1, 56, 56)), true);
            gc.backward(out.square().sum());
            for (Map.Entry<String, Parameter> p : NamedParameters.of(f.block).entrySet()) {
                if (p.getValue().requiresGradient()) {
                    NDArray grad = p.getValue().getArray().getGradient();
                    assertTrue(grad.abs().sum().getFloat() > 0, "no gradient reached " + p.getKey());
                }
            }
        }
    }

    @Test
    void paddedTokensDoNotChangeRealTokens() {
        TinyVitSpec spec = Presets.get("tinyvit-5m");
        try (ModelFixture f = new ModelFixture(spec)) {
            AttentionStage stage = (AttentionStage) f.block.stages().get(1);
            TinyVitBlock block = stage.tinyVitBlocks().get(0);
            // Non-zero biases so that every position matters to the scores.
            for (Parameter p : NamedParameters.of(block).values()) {
                if (p.getName().equals("attention_biases")) {
                    p.getArray().set(f.manager.randomNormal(p.getArray().getShape()).toFloatArray());
                }
            }
            ParameterStore ps = new ParameterStore(f.manager, false);
            NDArray map = f.manager.randomNormal(new Shape(2, 10, 12, 128)); // window 7: pads to 14 x 14
            NDArray zeros = block.windowAttention(ps, map, false, 0f);
            NDArray large = block.windowAttention(ps, map, false, 1000f);
            assertEquals(new Shape(2, 10, 12, 128), zeros.getShape());
            assertArrayEquals(zeros.toFloatArray(), large.toFloatArray(), 0f);
        }
    }

    @Test
    void dropPathAndBatchNormOnlyActInTraining() {
        TinyVitSpec spec = Presets.get("tinyvit-5m").withInChans(1).withNumClasses(10).withDropPath(0.5);
        try (ModelFixture f = new ModelFixture(spec)) {
            NDManager m = f.manager;
            NDArray x = m.randomNormal(new Shape(4, 1, 28, 28));
            float[] eval1 = f.run(x, false).toFloatArray();
            float[] eval2 = f.run(x, false).toFloatArray();
            assertArrayEquals(eval1, eval2, 0f, "eval mode must be deterministic");
            f.run(x, true);
            float[] afterTraining = f.run(x, false).toFloatArray();
            // a training pass moves BatchNorm running statistics, so eval output changes
            assertTrue(maxDiff(eval1, afterTraining) > 0, "running statistics did not move");
        }
    }

    @Test
    void dropPathZeroesWholeSamplesAndRescalesOnlyInTraining() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray ones = m.ones(new Shape(2000, 3, 1, 1));
            NDArray eval = DropPath.apply(ones, 0.5, false);
            assertArrayEquals(ones.toFloatArray(), eval.toFloatArray(), 0f);
            float[] trained = DropPath.apply(ones, 0.5, true).toFloatArray();
            int kept = 0;
            for (int i = 0; i < trained.length; i += 3) {
                assertTrue(trained[i] == 0f || trained[i] == 2f, "value " + trained[i]);
                assertEquals(trained[i], trained[i + 1], "a sample is dropped or kept whole");
                kept += trained[i] > 0 ? 1 : 0;
            }
            assertTrue(kept > 800 && kept < 1200, "kept " + kept + " of 2000 at rate 0.5");
        }
    }

    private static float maxDiff(float[] a, float[] b) {
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    /** A forward pass leaves nothing behind in the model's manager: each batch's arrays go with the batch's own manager. */
    @Test
    void aForwardPassLeavesNoArraysInTheModel() {
        TinyVitSpec spec = Presets.get("tinyvit-5m").withInChans(1).withNumClasses(10).withImgSize(28);
        try (ModelFixture f = new ModelFixture(spec)) {
            int[] held = new int[3];
            for (int pass = 0; pass < held.length; pass++) {
                try (NDManager batch = f.manager.newSubManager()) {
                    f.run(batch.randomNormal(new Shape(2, 1, 28, 28)), pass % 2 == 0);
                }
                held[pass] = f.manager.getManagedArrays().size();
            }
            assertEquals(held[0], held[2], "arrays held by the model after passes 1, 2 and 3: " + java.util.Arrays.toString(held));
            assertEquals(held[0], held[1], "arrays held by the model after passes 1, 2 and 3: " + java.util.Arrays.toString(held));
        }
    }
}
