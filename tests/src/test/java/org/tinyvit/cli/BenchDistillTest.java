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
                store.toString(), "--batch", "64", "--rounds", "1", "--json");
        JsonNode json = Json.parse(r.out());
        for (String loss : new String[] {"labels", "sparse-kd", "online-kd"}) {
            assertTrue(r.err().contains("round 1 " + loss + ":"), "no timed round of " + loss + ": " + r.err());
        }
        assertEquals(4, json.get("steps").intValue(), r.out());
    }

    private static CommandLineTest.Result run(String... args) {
        CommandLineTest.Result r = CommandLineTest.tinyvit(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
        return r;
    }
}
