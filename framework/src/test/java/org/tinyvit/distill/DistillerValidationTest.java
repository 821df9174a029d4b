package org.tinyvit.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.tinyvit.model.StudentModel;

/**
 * Validating after the last epoch only trains exactly as validating after every epoch does (the
 * same losses, to the bit). The final accuracy can differ only through the BatchNorm statistics:
 * a skipped re-estimation leaves a trace that shrinks by the momentum, 0.9, at every later step
 * (0.9^5 here, about 10^-7 after a long run's last epoch of 157 steps); on these 16 validation
 * images it makes no difference (deterministic: same seeds, same threads).
 */
class DistillerValidationTest {
    private static final TrainConfig TWO_EPOCHS = new TrainConfig(2, 16, 1e-3f, 0.05f, 5f, 1).withBnRecalibration(2);

    private static RunMetrics train(boolean lastEpochOnly) {
        Engine.getInstance().setRandomSeed(1);
        try (StudentModel model = StudentModel.create(TrainingRunReuseTest.SMALL);
                Objective labels = Target.labels().open(TrainingRunReuseTest.DATA, TWO_EPOCHS, Engine.getInstance().defaultDevice())) {
            Distiller distiller = new Distiller(TWO_EPOCHS).quiet().withoutTest();
            if (lastEpochOnly) {
                distiller.validatingLastEpochOnly();
            }
            return distiller.train(model, TrainingRunReuseTest.DATA, labels, null);
        }
    }

    @Test
    void validatingTheLastEpochOnlyChangesNeitherTheTrainingNorItsFinalAccuracy() {
        RunMetrics every = train(false);
        RunMetrics last = train(true);
        assertFalse(Double.isNaN(every.epochs().get(0).valAccuracy()));
        assertTrue(Double.isNaN(last.epochs().get(0).valAccuracy()), "the first epoch is not validated");
        for (int e = 0; e < 2; e++) {
            assertEquals(every.epochs().get(e).loss(), last.epochs().get(e).loss(), 0.0, "epoch " + e + "'s loss");
        }
        assertEquals(every.valAccuracy(), last.valAccuracy(), 0.0);
        assertFalse(Double.isNaN(last.valAccuracy()));
    }
}
