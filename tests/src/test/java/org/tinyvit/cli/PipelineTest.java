package org.tinyvit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job on a small real subset: every step runs once, a second run reuses them all. */
class PipelineTest {
    @TempDir
    Path dir;

    @Test
    void pipelineRunsEveryStepOnceAndReusesThem() throws Exception {
        String[] args = {"pipeline", "--out", dir.toString(), "--teacher-preset", "tinyvit-5m", "--train-samples", "1500", "--epochs", "1"};
        CommandLineTest.Result first = CommandLineTest.tinyvit(args);
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.isRegularFile(dir.resolve("student/metrics.json")));
        assertTrue(Files.isRegularFile(dir.resolve("logits/epoch-0000.logits")));
        long modified = Files.getLastModifiedTime(dir.resolve("student/weights.safetensors")).toMillis();

        CommandLineTest.Result second = CommandLineTest.tinyvit(args);
        assertEquals(0, second.code(), second.err());
        assertEquals(3, second.err().lines().filter(l -> l.contains("reusing the finished step")).count(), second.err());
        assertEquals(modified, Files.getLastModifiedTime(dir.resolve("student/weights.safetensors")).toMillis());
    }
}
