package org.tinyvit.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tinyvit.data.DataSource;
import org.tinyvit.data.DataSplits;
import org.tinyvit.model.NamedParameters;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.tinyvit.TinyVitSpec;

/**
 * A training run whose loss turns non-finite goes back to where it last saw a finite loss and
 * replays the same batches: a fault that does not repeat leaves no trace in the result (the same
 * weights as a run without it), and one that repeats stops the run as a divergence. The fault is
 * injected by an objective that turns chosen steps' losses into NaN.
 */
class RollbackTest {
    /** 800 images in batches of 16: 50 steps per epoch, the loss read after steps 32 and 50. */
    static final int SAMPLES = 800;
    static final int EPOCHS = 2;
    static final TrainConfig CONFIG = new TrainConfig(EPOCHS, 16, 2e-3f, 0.05f, 5f, 7);
    static final TinyVitSpec SPEC = new TinyVitSpec(new int[] {16, 32, 32, 48}, new int[] {1, 1, 1, 1}, new int[] {1, 2, 2, 3},
            new int[] {7, 7, 7, 7}, 2.0, 2.0, 3, 28, 1, 10, 0.0);

    static DataSplits data;
    static Trained clean;

    record Trained(RunMetrics metrics, Map<String, float[]> weights) {}

    @BeforeAll
    static void cleanRun() {
        data = DataSource.fashionMnist(null).withTrainSamples(SAMPLES).splits();
        clean = train(step -> false);
    }

    static Trained train(IntPredicate nan) {
        return train(nan, step -> false);
    }

    /**
     * The objective's losses, counted from 1 over the run (replayed steps count again), are NaN
     * where {@code nan} says; where {@code nanGradient} says, the loss stays finite and its
     * gradient is NaN (the derivative of sqrt(|u|) at u = 0), so only the weights show it.
     */
    static Trained train(IntPredicate nan, IntPredicate nanGradient) {
        Engine.getInstance().setRandomSeed((int) CONFIG.seed());
        try (StudentModel model = StudentModel.create(SPEC);
                Objective objective = new ForwardingObjective(Target.labels().open(data, CONFIG)) {
                    private int calls;

                    @Override
                    public NDArray loss(Batch batch, NDArray logits, StudentRelation relation) {
                        NDArray loss = base.loss(batch, logits, relation);
                        calls++;
                        if (nanGradient.test(calls)) {
                            loss = loss.add(logits.sub(logits).abs().sqrt().sum());
                        }
                        return nan.test(calls) ? loss.mul(Float.NaN) : loss;
                    }
                }) {
            RunMetrics metrics = new Distiller(CONFIG).quiet().withoutTest().train(model, data, objective, null);
            Map<String, float[]> weights = new LinkedHashMap<>();
            NamedParameters.of(model.block()).forEach((name, p) -> weights.put(name, p.getArray().toFloatArray()));
            return new Trained(metrics, weights);
        }
    }

    static void assertSameAsClean(Trained t) {
        assertEquals(clean.metrics().steps(), t.metrics().steps(), "steps counted once each");
        for (int e = 0; e < EPOCHS; e++) {
            assertEquals(clean.metrics().epochs().get(e).loss(), t.metrics().epochs().get(e).loss(), "epoch " + e + " loss");
            assertEquals(clean.metrics().epochs().get(e).valAccuracy(), t.metrics().epochs().get(e).valAccuracy(), "epoch " + e + " accuracy");
        }
        assertEquals(clean.weights().keySet(), t.weights().keySet());
        clean.weights().forEach((name, w) -> assertArrayEquals(w, t.weights().get(name), name));
    }

    @Test
    void cleanRunLearns() {
        assertTrue(clean.metrics().valAccuracy() > 0.3, "chance is 0.1: " + clean.metrics().valAccuracy());
    }

    @Test
    void aFaultAfterTheFirstReadReplaysFromThatReadAndLeavesNoTrace() {
        // step 40 of epoch 1: seen at the read after step 50, replayed from step 32
        assertSameAsClean(train(step -> step == 40));
    }

    @Test
    void aFaultBeforeTheFirstReadOfTheSecondEpochReplaysFromThatEpochsStart() {
        // step 55 is epoch 2's fifth: replayed from the start of epoch 2, after epoch 1's validation
        assertSameAsClean(train(step -> step == 55));
    }

    @Test
    void aFaultThatOnlyTheWeightsShowIsCaughtBeforeItIsSaved() {
        // step 32's loss is finite, its update is not: the read after it must not keep that state
        assertSameAsClean(train(step -> false, step -> step == 32));
    }

    @Test
    void aFaultThatRepeatsOnReplayIsADivergence() {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> train(step -> step >= 40));
        assertTrue(e.getMessage().contains("again when replayed from step 32"), e.getMessage());
    }
}
