package org.tinyvit.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.cli.CommandLineTest;
import org.tinyvit.distill.store.LogitStore;
import org.tinyvit.distill.store.StoreHeader;
import org.tinyvit.io.Json;
import tools.jackson.databind.JsonNode;

/**
 * Teacher → logit store → sparse-kd student on a small real subset of Fashion-MNIST, through
 * the command line, then the store's refusals of damaged and mismatched stores.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistillationEndToEndTest {
    /** Chance is 0.10; a few hundred steps on 4,000 images reach about 0.7. */
    static final double ACCURACY_FLOOR = 0.5;
    static final String SAMPLES = "4000";

    @TempDir
    static Path dir;

    static Path teacher;
    static Path store;

    @BeforeAll
    static void teacherAndStore() {
        teacher = dir.resolve("teacher");
        store = dir.resolve("store");
        run("teacher", "--preset", "tinyvit-5m", "--epochs", "3", "--train-samples", SAMPLES, "--out", teacher.toString(), "--json");
        run("logits", "--teacher", teacher.toString(), "--epochs", "2", "--top-k", "3", "--train-samples", SAMPLES,
                "--out", store.toString(), "--json");
    }

    static JsonNode run(String... args) {
        CommandLineTest.Result r = CommandLineTest.tinyvit(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        return Json.parse(r.out());
    }

    @Test
    @Order(1)
    void teacherClearsTheFloorOnTheTestSet() throws IOException {
        JsonNode metrics = Json.parse(Files.readString(teacher.resolve("metrics.json")));
        assertTrue(metrics.get("testAccuracy").asDouble() > ACCURACY_FLOOR, metrics.toString());
        assertTrue(Files.isRegularFile(teacher.resolve("weights.safetensors")));
        assertEquals(900, javax.imageio.ImageIO.read(teacher.resolve("curves.png").toFile()).getWidth(), "its validation curve");
    }

    @Test
    @Order(2)
    void storedLogitsMatchTheTeacherRerunOnReplayedImages() {
        JsonNode v = run("logits", "--teacher", teacher.toString(), "--epochs", "2", "--top-k", "3", "--train-samples", SAMPLES,
                "--out", store.toString(), "--verify", "--json");
        assertEquals(0, v.get("epochsWritten").asInt(), "complete epochs are reused");
        assertEquals(2, v.get("epochs").asInt());
        assertTrue(v.get("meanAbsDelta").asDouble() < 1e-3, "float16 rounding only: " + v);
        assertEquals(0.0, v.get("indexMismatchRate").asDouble(), 0.01, v.toString());
    }

    @Test
    @Order(3)
    void sparseKdStudentClearsTheFloorOnTheTestSet() {
        JsonNode m = run("distill", "--preset", "tinyvit-5m", "--loss", "sparse-kd", "--logits", store.toString(), "--epochs", "3",
                "--train-samples", SAMPLES, "--out", dir.resolve("student").toString(), "--json");
        assertTrue(m.get("testAccuracy").asDouble() > ACCURACY_FLOOR, m.toString());
        assertEquals(3, m.get("epochs").size());
    }

    @Test
    @Order(4)
    void aStoreOfOtherTrainingDataIsRefused() {
        CommandLineTest.Result r = CommandLineTest.tinyvit("distill", "--loss", "sparse-kd", "--logits", store.toString(),
                "--epochs", "1", "--train-samples", "3000", "--out", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("other training data"), r.err());
    }

    @Test
    @Order(5)
    void aCorruptedStoreIsRefusedNamingTheFileAndRecords() throws IOException {
        Path copy = dir.resolve("corrupt");
        Files.createDirectories(copy);
        for (Path p : Files.list(store).toList()) {
            Files.copy(p, copy.resolve(p.getFileName()));
        }
        Path epoch = LogitStore.epochFile(copy, 0);
        try (RandomAccessFile f = new RandomAccessFile(epoch.toFile(), "rw")) {
            long at = StoreHeader.HEADER_BYTES + 5L * 10; // inside record 5 (10 bytes a record for K=3)
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x40);
        }
        CommandLineTest.Result r = CommandLineTest.tinyvit("distill", "--loss", "sparse-kd", "--logits", copy.toString(),
                "--epochs", "1", "--train-samples", SAMPLES, "--out", dir.resolve("y").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(epoch.toString()) && r.err().contains("checksum"), r.err());
    }

    @Test
    @Order(6)
    void aStoreIsReplayedOnlyWithTheAugmentationItWasMadeWith() {
        CommandLineTest.Result r = CommandLineTest.tinyvit("distill", "--loss", "sparse-kd", "--logits", store.toString(), "--augmentation", "light",
                "--epochs", "1", "--train-samples", SAMPLES, "--out", dir.resolve("z").toString());
        assertEquals(2, r.code(), r.err());
        // the store was made with the default policy (none); replaying it with light is refused
        assertTrue(r.err().contains(store.resolve("store.json") + ": made with " + TrainConfig.DEFAULT_AUGMENTATION.label() + " augmentation")
                && r.err().contains("asks for light"), r.err());
    }
}
