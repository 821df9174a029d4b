package org.tinyvit.search.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker JVM that crashes leaves its crash report in the temp folder, not in the folder the user ran tinyvit from. */
class WorkerCommandTest {
    @TempDir
    Path workingFolder;

    /** Fills its heap: with {@code -XX:+CrashOnOutOfMemoryError} the JVM then crashes and writes a crash report. */
    public static final class FillTheHeap {
        public static void main(String[] args) {
            List<long[]> kept = new java.util.ArrayList<>();
            while (true) {
                kept.add(new long[1 << 20]);
            }
        }
    }

    @Test
    void aCrashingWorkersReportGoesToTheTempFolder() throws Exception {
        List<String> line = WorkerCommand.of(1, List.of("-Xmx64m", "-XX:+CrashOnOutOfMemoryError", "-XX:-CreateCoredumpOnCrash"))
                .line(FillTheHeap.class.getName());
        Process worker = new ProcessBuilder(line).directory(workingFolder.toFile()).redirectErrorStream(true).start();
        String log = new String(worker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(worker.waitFor(60, TimeUnit.SECONDS), log);
        assertNotEquals(0, worker.exitValue(), log);
        try (var left = Files.list(workingFolder)) {
            assertEquals(List.of(), left.toList(), "nothing written where the user ran it: " + log);
        }
        Matcher report = Pattern.compile("(\\S*tinyvit-worker-hs_err_pid\\d+\\.log)").matcher(log);
        assertTrue(report.find(), "the JVM names its report: " + log);
        Path file = Path.of(report.group(1));
        try {
            assertEquals(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(), file.toAbsolutePath().getParent(), log);
            assertTrue(Files.readString(file).contains("OutOfMemory"), "the report of this crash");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
