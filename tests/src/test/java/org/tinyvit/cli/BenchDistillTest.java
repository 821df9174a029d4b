package org.tinyvit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.examples.PocketSpace;
import org.tinyvit.io.Json;
import tools.jackson.databind.JsonNode;

/** {@code bench distill} on a real store, small enough for the test suite. */
class BenchDistillTest {
    @TempDir
    Path dir;

    /**
     * A store made with an augmentation other than none once made the command fail after its
     * first loss: labels trained without augmentation, then sparse-kd refused the store's policy.
     * Every round is reported, with the overhead as the median of the per-round ratios.
     */
    @Test
    void everyLossTrainsWithTheStoresAugmentation() throws Exception {
        Path spec = dir.resolve("small.json");
        Files.writeString(spec, PocketSpace.seed().toSpec().key());
        Path teacher = dir.resolve("teacher");
        Path store = dir.resolve("logits");
        run("teacher", "--spec", spec.toString(), "--epochs", "1", "--train-samples", "256", "--batch", "64", "--out", teacher.toString());
        run("logits", "--teacher", teacher.toString(), "--epochs", "1", "--train-samples", "256", "--augmentation", "flip", "--out",
                store.toString());
        CommandLineTest.Result r = run("bench", "distill", "--spec", spec.toString(), "--teacher", teacher.toString(), "--logits",
                store.toString(), "--batch", "64", "--rounds", "3", "--json");
        JsonNode json = Json.parse(r.out());
        for (String loss : new String[] {"labels", "sparse-kd", "online-kd"}) {
            assertTrue(r.err().contains("round 1 " + loss + ":"), "no timed round of " + loss + ": " + r.err());
            assertEquals(3, json.get("rounds").get(loss).size(), r.out());
        }
        assertEquals(4, json.get("steps").intValue(), r.out());
        // the overhead robust to drift: the middle one of the three rounds' sparse-kd / labels ratios
        double[] ratios = new double[3];
        for (int i = 0; i < 3; i++) {
            ratios[i] = json.get("rounds").get("sparse-kd").get(i).doubleValue() / json.get("rounds").get("labels").get(i).doubleValue();
        }
        java.util.Arrays.sort(ratios);
        assertEquals(ratios[1] - 1, json.get("sparseKdOverheadMedianOfRounds").doubleValue(), 1e-12, r.out());
        double bestLabels = Math.min(Math.min(json.get("rounds").get("labels").get(0).doubleValue(), json.get("rounds").get("labels").get(1)
                .doubleValue()), json.get("rounds").get("labels").get(2).doubleValue());
        assertEquals(bestLabels, json.get("labels").doubleValue(), 0, "the best round: " + r.out());
    }

    private static CommandLineTest.Result run(String... args) {
        CommandLineTest.Result r = CommandLineTest.tinyvit(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
        return r;
    }
}
