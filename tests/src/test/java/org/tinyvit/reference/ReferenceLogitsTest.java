package org.tinyvit.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tinyvit.model.NamedParameters;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.tinyvit.TinyVitSpec;

/** The DJL model against the independent plain implementation, on random weights and images. */
class ReferenceLogitsTest {

    @ParameterizedTest(name = "{0}x{0}, windows {1}")
    @CsvSource({
        "112, '7,7,7,4'",   // windows tile every map exactly: stage 3 is global attention
        "80, '7,7,7,7'",    // 10x10 and 5x5 maps: padded, masked windows
        "48, '7,7,7,7'"})   // maps smaller than the window
    void djlLogitsEqualThePlainImplementationToFloatRounding(int size, String windows) {
        int[] ws = java.util.Arrays.stream(windows.split(",")).mapToInt(Integer::parseInt).toArray();
        TinyVitSpec spec = new TinyVitSpec(new int[] {16, 32, 48, 64}, new int[] {1, 1, 2, 1}, new int[] {1, 2, 3, 2}, ws,
                4.0, 4.0, 3, size, 3, 10, 0.0);
        try (StudentModel model = StudentModel.create(spec)) {
            NDManager m = model.manager();
            Map<String, float[]> weights = new HashMap<>();
            NamedParameters.of(model.block()).forEach((name, p) -> {
                float low = name.endsWith("running_var") ? 0.5f : -0.5f;
                float high = name.endsWith("running_var") || name.endsWith("bn.weight") ? 1.5f : 0.5f;
                float[] v = m.randomUniform(low, high, p.getArray().getShape()).toFloatArray();
                p.getArray().set(v);
                weights.put(name, v);
            });
            NDArray images = m.randomNormal(new Shape(2, 3, size, size));
            float[] djl = model.block().apply(new ParameterStore(m, false), images, false).toFloatArray();
            float[] pixels = images.toFloatArray();
            NaiveTinyVit reference = new NaiveTinyVit(spec, weights);
            double worst = 0;
            for (int b = 0; b < 2; b++) {
                double[][][] image = new double[3][size][size];
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size; x++) {
                            image[c][y][x] = pixels[((b * 3 + c) * size + y) * size + x];
                        }
                    }
                }
                double[] expected = reference.logits(image);
                double scale = java.util.Arrays.stream(expected).map(Math::abs).max().orElse(1);
                for (int k = 0; k < 10; k++) {
                    worst = Math.max(worst, Math.abs(djl[b * 10 + k] - expected[k]) / scale);
                }
            }
            // float32 rounding through ~40 layers: relative error of a few 1e-6; a wrong layout gives O(1)
            assertTrue(worst < 2e-5, "worst relative difference " + worst);
        }
    }

    @Test
    void erfOfTheReferenceIsAccurate() {
        assertEquals(0.8427007929497149, NaiveTinyVit.erf(1), 1e-14);
        assertEquals(-0.9953222650189527, NaiveTinyVit.erf(-2), 1e-14);
        assertEquals(0.9999779095030014, NaiveTinyVit.erf(3), 1e-13);
        assertEquals(0.9999999845827421, NaiveTinyVit.erf(4), 1e-14);
    }
}
