package org.tinyvit.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSource;
import org.tinyvit.data.DataSplits;
import org.tinyvit.model.NamedParameters;
import org.tinyvit.model.StudentModel;

/**
 * A run killed in its second epoch and started again in the same folder goes on from the end of
 * its first, and ends with the same weights and epoch metrics, to the bit, as a run that was never
 * stopped. The kill is a crash injected into the objective at the first step of epoch 2.
 */
class TrainingResumeTest {
    /** 800 images in batches of 16: 50 steps per epoch (RollbackTest's run). */
    static final int STEPS_PER_EPOCH = 50;
    static final String SETTINGS = "{\"run\":\"resume test\"}";

    @TempDir
    static Path dir;
    static DataSplits data;
    static Trained uninterrupted;

    /** What a run left: its metrics and weights, and how many batches its objective saw. */
    record Trained(RunMetrics metrics, Map<String, float[]> weights, int steps) {}

    static final class Crash extends RuntimeException {
        Crash() {
            super("killed");
        }
    }

    @BeforeAll
    static void runWithoutStopping() {
        data = DataSource.fashionMnist(null).withTrainSamples(RollbackTest.SAMPLES).splits();
        uninterrupted = train(dir.resolve("uninterrupted"), SETTINGS, Integer.MAX_VALUE);
    }

    /** Trains RollbackTest's model into {@code out}; the objective throws {@link Crash} at its {@code crashAt}-th batch. */
    static Trained train(Path out, String settings, int crashAt) {
        int[] calls = {0};
        Engine.getInstance().setRandomSeed((int) RollbackTest.CONFIG.seed());
        try (StudentModel model = StudentModel.create(RollbackTest.SPEC);
                Objective objective = new ForwardingObjective(Target.labels().open(data, RollbackTest.CONFIG)) {
                    @Override
                    public NDArray loss(Batch batch, NDArray logits, StudentRelation relation) {
                        if (++calls[0] == crashAt) {
                            throw new Crash();
                        }
                        return base.loss(batch, logits, relation);
                    }
                }) {
            Files.createDirectories(out);
            RunMetrics metrics = new Distiller(RollbackTest.CONFIG).quiet().withoutTest().resumable(settings).train(model, data, objective, out);
            Map<String, float[]> weights = new LinkedHashMap<>();
            NamedParameters.of(model.block()).forEach((name, p) -> weights.put(name, p.getArray().toFloatArray()));
            return new Trained(metrics, weights, calls[0]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void assertSameWeights(Trained expected, Trained actual) {
        assertEquals(expected.weights().keySet(), actual.weights().keySet());
        expected.weights().forEach((name, w) -> assertArrayEquals(w, actual.weights().get(name), name));
    }

    @Test
    void aRunKilledInItsSecondEpochGoesOnFromTheFirstAndEndsWithTheSameWeights() {
        Path out = dir.resolve("killed");
        assertThrows(Crash.class, () -> train(out, SETTINGS, STEPS_PER_EPOCH + 1));
        assertTrue(Files.isRegularFile(out.resolve(TrainingState.FILE)), "the first epoch's state is kept");
        RunMetrics.Epoch first = RunMetrics.read(out.resolve(RunMetrics.FILE)).epochs().get(0);
        Trained resumed = train(out, SETTINGS, Integer.MAX_VALUE);
        assertEquals(STEPS_PER_EPOCH, resumed.steps(), "only the second epoch is trained again");
        assertEquals(first, resumed.metrics().epochs().get(0), "the first epoch's record comes from the saved state");
        assertSameWeights(uninterrupted, resumed);
        assertEquals(uninterrupted.metrics().steps(), resumed.metrics().steps(), "steps of the run");
        for (int e = 0; e < RollbackTest.EPOCHS; e++) {
            assertEquals(uninterrupted.metrics().epochs().get(e).loss(), resumed.metrics().epochs().get(e).loss(), "epoch " + e + " loss");
            assertEquals(uninterrupted.metrics().epochs().get(e).valAccuracy(), resumed.metrics().epochs().get(e).valAccuracy(),
                    "epoch " + e + " accuracy");
        }
    }

    @Test
    void theStateOfARunOfOtherSettingsIsNotContinued() {
        Path out = dir.resolve("other");
        assertThrows(Crash.class, () -> train(out, "{\"run\":\"another\"}", STEPS_PER_EPOCH + 1));
        Trained fresh = train(out, SETTINGS, Integer.MAX_VALUE);
        assertEquals(2 * STEPS_PER_EPOCH, fresh.steps(), "trained from the beginning");
        assertSameWeights(uninterrupted, fresh);
    }

    @Test
    void aDamagedStateIsRefusedWithItsPath() throws Exception {
        Path out = dir.resolve("damaged");
        assertThrows(Crash.class, () -> train(out, SETTINGS, STEPS_PER_EPOCH + 1));
        Path file = out.resolve(TrainingState.FILE);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        TinyVitException e = assertThrows(TinyVitException.class, () -> train(out, SETTINGS, Integer.MAX_VALUE));
        assertTrue(e.getMessage().startsWith(file.toString()) && !e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().endsWith("remove the file to train this run from the beginning"), e.getMessage());
    }

    @Test
    void aFinishedRunLeavesNoStateBehind() {
        Path out = dir.resolve("finished");
        TrainingRun.Result result = TrainingRun.run(TrainingRun.Settings.of(RollbackTest.SPEC, data,
                new TrainConfig(1, 16, 2e-3f, 0.05f, 5f, 7), Target.labels(), out));
        assertFalse(Double.isNaN(result.metrics().testAccuracy()));
        assertFalse(Files.exists(out.resolve(TrainingState.FILE)), "removed once metrics.json holds the result");
    }
}
