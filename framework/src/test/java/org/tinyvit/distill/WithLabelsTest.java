package org.tinyvit.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tinyvit.TinyVitException;

/** Labels mixed into a distillation loss, against values worked by hand (see LossesTest). */
class WithLabelsTest {
    @Test
    void theLabelsTakeTheirShareAndTheDistillationLossTheRest() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {1, 2, 3}, new Shape(1, 3));
            NDArray soft = m.create(new float[] {0.2f, 0.3f, 0.5f}, new Shape(1, 3));
            Batch batch = new Batch(0, new int[] {0}, new int[] {0}, m.zeros(new Shape(1, 1, 2, 2)), m.create(new int[] {2}), Optional.of(soft), m);
            Objective distillation = new Objective() {
                @Override
                public int seed(int epoch, int index) {
                    return 7;
                }

                @Override
                public NDArray loss(Batch b, NDArray l, StudentRelation relation) {
                    return Losses.softCrossEntropy(l, b.targets().orElseThrow());
                }

                @Override
                public String name() {
                    return "sparse-kd";
                }
            };
            WithLabels mixed = new WithLabels(distillation, 0.25f, 0f);
            // 0.25 * -log(e^3 / (e + e^2 + e^3)) + 0.75 * 1.10760596
            assertEquals(0.25f * 0.40760596f + 0.75f * 1.10760596f, mixed.loss(batch, logits, null).getFloat(), 1e-6f);
            assertEquals(7, mixed.seed(3, 4), "the distillation loss decides the augmentation");
            assertEquals("sparse-kd+0.25*labels", mixed.name());
        }
    }

    @Test
    void onlyDistillationLossesTakeALabelsWeightBetweenZeroAndOne() {
        assertEquals("a labels' weight mixes the labels into sparse-kd or online-kd, not into labels",
                assertThrows(TinyVitException.class, () -> Target.labels().withLabelWeight(0.5f)).getMessage());
        assertEquals("the labels' weight must be between 0 and 1, got 1.5",
                assertThrows(TinyVitException.class, () -> Target.sparseKd(Path.of("store")).withLabelWeight(1.5f)).getMessage());
        assertEquals(0.5f, Target.sparseKd(Path.of("store")).withLabelWeight(0.5f).labelWeight());
    }

    @Test
    void onlyDistillationLossesTakeAPositiveTemperature() {
        assertEquals("a temperature softens sparse-kd or online-kd, not labels",
                assertThrows(TinyVitException.class, () -> Target.labels().withTemperature(2f)).getMessage());
        assertEquals("the distillation temperature must be a positive number, got 0.0",
                assertThrows(TinyVitException.class, () -> Target.sparseKd(Path.of("store")).withTemperature(0f)).getMessage());
        Target t = Target.sparseKd(Path.of("store")).withTemperature(2f).withLabelWeight(0.5f);
        assertEquals(2f, t.temperature(), "kept by the other withers");
        assertEquals(1f, Target.sparseKd(Path.of("store")).temperature(), "TinyViT's plain loss by default");
    }
}
