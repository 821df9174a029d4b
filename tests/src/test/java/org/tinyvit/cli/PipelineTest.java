package org.tinyvit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.zoo.ZooFolder;

/** The main job on a small real subset: every step runs once, a second run reuses them all. */
class PipelineTest {
    @TempDir
    Path dir;

    @Test
    void pipelineRunsEveryStepOnceAndReusesThem() throws Exception {
        String[] args = {"pipeline", "--out", dir.toString(), "--teacher-preset", "tinyvit-5m", "--train-samples", "1500", "--epochs", "1",
            "--budgets", "5M", "--generations", "1", "--population", "2", "--proxy-samples", "128"};
        String previous = System.getProperty(ZooFolder.PROPERTY);
        System.setProperty(ZooFolder.PROPERTY, dir.resolve("zoo").toString());
        try {
            CommandLineTest.Result first = CommandLineTest.tinyvit(args);
            assertEquals(0, first.code(), first.err());
            Path model = dir.resolve("family/tinyvit-fashion-mnist-5m");
            assertTrue(Files.isRegularFile(model.resolve("metrics.json")), first.err());
            assertTrue(Files.isRegularFile(dir.resolve("logits/epoch-0000.logits")));
            assertTrue(Files.isRegularFile(dir.resolve("search/family.json")));
            assertTrue(Files.isRegularFile(dir.resolve("zoo/tinyvit-fashion-mnist-5m/model.json")));
            long modified = Files.getLastModifiedTime(model.resolve("weights.safetensors")).toMillis();

            CommandLineTest.Result second = CommandLineTest.tinyvit(args);
            assertEquals(0, second.code(), second.err());
            assertEquals(3, second.err().lines().filter(l -> l.contains("reusing the finished step")).count(), second.err());
            assertTrue(second.err().contains("already trained"), second.err());
            assertEquals(modified, Files.getLastModifiedTime(model.resolve("weights.safetensors")).toMillis());
        } finally {
            if (previous == null) {
                System.clearProperty(ZooFolder.PROPERTY);
            } else {
                System.setProperty(ZooFolder.PROPERTY, previous);
            }
        }
    }
}
