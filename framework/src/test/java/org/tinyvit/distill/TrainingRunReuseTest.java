package org.tinyvit.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.data.DataSplits;
import org.tinyvit.data.ImageSet;
import org.tinyvit.io.Json;
import org.tinyvit.model.tinyvit.TinyVitSpec;

/**
 * A finished run is reused only when it is the run asked for: another model or recipe in the
 * same folder (the search chose another model since) is trained again, not returned as this one.
 */
class TrainingRunReuseTest {
    static final TinyVitSpec SMALL = new TinyVitSpec(new int[] {8, 16, 16, 16}, new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1},
            new int[] {7, 7, 7, 7}, 2.0, 2.0, 3, 28, 1, 3, 0.0);
    static final TinyVitSpec WIDER = new TinyVitSpec(new int[] {8, 16, 16, 24}, new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1},
            new int[] {7, 7, 7, 7}, 2.0, 2.0, 3, 28, 1, 3, 0.0);
    static final TrainConfig ONE_EPOCH = new TrainConfig(1, 16, 1e-3f, 0.05f, 5f, 1).withBnRecalibration(0);
    static final TrainConfig MORE_DECAY = new TrainConfig(1, 16, 1e-3f, 0.1f, 5f, 1).withBnRecalibration(0);

    @TempDir
    Path dir;

    static ImageSet noise(String name, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int p = 0; p < 28 * 28; p++) {
                pixels[i * 28 * 28 + p] = (byte) (labels[i] * 60 + random.nextInt(60));
            }
        }
        return new ImageSet(name, 1, 28, 28, pixels, labels, List.of("a", "b", "c"));
    }

    static final DataSplits DATA = new DataSplits(noise("train", 48, 1), noise("val", 16, 2), noise("test", 16, 3), new float[] {0.5f},
            new float[] {0.25f});

    static TrainingRun.Result run(TinyVitSpec spec, TrainConfig config, Path out) {
        return TrainingRun.run(TrainingRun.Settings.of(spec, DATA, config, Target.labels(), out).reusingFinished());
    }

    @Test
    void theSameRunIsReusedAnotherModelOrSeedIsTrainedAgain() throws Exception {
        Path out = dir.resolve("run");
        assertFalse(run(SMALL, ONE_EPOCH, out).reused(), "nothing to reuse yet");
        assertTrue(run(SMALL, ONE_EPOCH, out).reused(), "the same model and recipe");

        TrainingRun.Result wider = run(WIDER, ONE_EPOCH, out);
        assertFalse(wider.reused(), "another model in the folder is not this run");
        assertEquals(24, Json.parse(Files.readString(out.resolve(RunMetrics.FILE))).get("spec").get("embedDims").get(3).asInt(),
                "and the folder now holds the model asked for");
        assertTrue(run(WIDER, ONE_EPOCH, out).reused());

        assertFalse(run(WIDER, ONE_EPOCH.withSeed(2), out).reused(), "another seed is another run");
    }

    @Test
    void aFinishedRunOfAnotherTargetIsTrainedAgain() throws Exception {
        Path out = dir.resolve("run");
        assertFalse(run(SMALL, ONE_EPOCH, out).reused());
        Path metrics = out.resolve(RunMetrics.FILE);
        String labels = Files.readString(metrics);
        assertTrue(labels.matches("(?s).*\"target\"\\s*:\\s*\"labels\".*"), labels);
        // the same folder as a distillation run had left it: same model, data and recipe, another loss, temperature or labels' weight
        for (String other : List.of(labels.replaceFirst("\"target\"\\s*:\\s*\"labels\"", "\"target\":\"sparse-kd\""),
                labels.replaceFirst("\"temperature\"\\s*:\\s*1\\.0", "\"temperature\":2.0"),
                labels.replaceFirst("\"labelWeight\"\\s*:\\s*0\\.0", "\"labelWeight\":0.5"))) {
            assertFalse(other.equals(labels), "the edit took");
            Files.writeString(metrics, other);
            assertFalse(run(SMALL, ONE_EPOCH, out).reused(), other);
        }
        assertTrue(run(SMALL, ONE_EPOCH, out).reused(), "and the labels run it wrote last is this one");
    }

    @Test
    void aFinishedRunOfOtherImagesOrAnotherPartOfTheRecipeIsTrainedAgain() throws Exception {
        Path out = dir.resolve("run");
        assertFalse(run(SMALL, ONE_EPOCH, out).reused());
        assertFalse(run(SMALL, MORE_DECAY, out).reused(), "weight decay is not among the top-level fields; the recipe holds it");
        assertTrue(run(SMALL, MORE_DECAY, out).reused());
        assertFalse(run(SMALL, MORE_DECAY.withBnRecalibration(32), out).reused(), "nor BatchNorm re-estimation");

        DataSplits otherImages = new DataSplits(noise("train", 48, 99), DATA.val(), DATA.test(), DATA.mean(), DATA.std());
        TrainConfig last = MORE_DECAY.withBnRecalibration(32);
        assertTrue(TrainingRun.run(TrainingRun.Settings.of(SMALL, DATA, last, Target.labels(), out).reusingFinished()).reused());
        assertFalse(TrainingRun.run(TrainingRun.Settings.of(SMALL, otherImages, last, Target.labels(), out).reusingFinished()).reused(),
                "as many images of the same name, other pixels");
    }

    @Test
    void aRunFinishedBeforeTheRecipeAndImagesWereRecordedIsComparedOnWhatItHolds() throws Exception {
        Path out = dir.resolve("run");
        assertFalse(run(SMALL, ONE_EPOCH, out).reused());
        Path metrics = out.resolve(RunMetrics.FILE);
        tools.jackson.databind.node.ObjectNode older = (tools.jackson.databind.node.ObjectNode) Json.parse(Files.readString(metrics));
        assertTrue(older.has("recipe") && older.has("trainImages"), older.toString());
        older.remove("recipe");
        older.remove("trainImages");
        Files.writeString(metrics, Json.pretty(older));
        assertTrue(run(SMALL, MORE_DECAY, out).reused(), "what it does not record cannot differ");
        assertFalse(run(SMALL, ONE_EPOCH.withSeed(2), out).reused(), "what it records still does");
    }
    /**
     * The key a saved training state is matched by, written out field by field as the version
     * that introduced resume (71ee3d7) wrote it: a change of its order or fields would start every
     * unfinished run of an earlier version over from its beginning.
     */
    @Test
    void theResumeKeyKeepsTheFormatEarlierVersionsSavedTheirStatesWith() {
        Path store = dir.resolve("store");
        TrainingRun.Settings settings = TrainingRun.Settings.of(SMALL, DATA, ONE_EPOCH, Target.sparseKd(store), dir.resolve("run"));
        String expected = Json.compact(Json.object("spec", SMALL.toJson(), "dataset", "train", "epochsRun", 1, "batch", 16, "lr", 1e-3f,
                "seed", 1L, "imgSize", 28, "augmentation", "none", "labelSmoothing", 0f, "target", "sparse-kd", "labelWeight", 0f,
                "temperature", 1f, "relationWeight", 0f, "relationStage", 2, "recipe", Json.object("epochs", 1, "batch", 16, "lr", 1e-3f,
                        "weightDecay", 0.05f, "clipNorm", 5f, "seed", 1L, "augmentation", "none", "labelSmoothing", 0f, "bnRecalibration", 0),
                "trainImages", DATA.train().fingerprint(), "logits", store.toAbsolutePath().normalize().toString()));
        assertEquals(expected, TrainingRun.resumeKey(settings));
    }
}
