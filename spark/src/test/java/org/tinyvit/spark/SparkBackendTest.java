package org.tinyvit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.TinyVitException;

/** The Spark backend's settings and the class path its tasks give their workers, without starting Spark. */
class SparkBackendTest {
    @TempDir
    Path dir;

    @Test
    void settingsKeepWhatIsSetAndLeaveTheRestToSpark() {
        SparkBackend.Settings s = SparkBackend.Settings.of("local[2]").withThreads(3).withCandidateTimeout(Duration.ofMinutes(30))
                .withJvmOptions(List.of("-Xmx2g"));
        assertEquals(new SparkBackend.Settings("local[2]", SparkBackend.Settings.DEFAULT_APP_NAME, Optional.of(3),
                Optional.of(Duration.ofMinutes(30)), List.of("-Xmx2g")), s);
        assertEquals(Optional.empty(), SparkBackend.Settings.of("yarn").threadsPerTask(), "spark.task.cpus decides");
    }

    @Test
    void settingsRefuseNoMasterNoThreadsAndANonPositiveTimeout() {
        assertEquals("a Spark master URL is needed, e.g. local[2], spark://host:7077, yarn or k8s://https://host:443",
                assertThrows(TinyVitException.class, () -> SparkBackend.Settings.of(" ")).getMessage());
        assertEquals("a worker needs at least one engine thread, got 0",
                assertThrows(TinyVitException.class, () -> SparkBackend.Settings.of("local[2]").withThreads(0)).getMessage());
        assertEquals("a candidate timeout must be positive, got 0 ms",
                assertThrows(TinyVitException.class, () -> SparkBackend.Settings.of("local[2]").withCandidateTimeout(Duration.ZERO)).getMessage());
    }

    @Test
    void aWorkerOnTheSystemClassPathGetsThisJvmsClassPath() {
        assertEquals(System.getProperty("java.class.path"), ExecutorClassPath.of(ClassLoader.getSystemClassLoader()));
    }

    @Test
    void theJarsAnExecutorWasShippedComeBeforeItsOwnClassPath() throws Exception {
        Path app = dir.resolve("app dir").resolve("tinyvit.jar");
        Path lib = dir.resolve("djl.jar");
        try (URLClassLoader shipped = new URLClassLoader(new URL[] {app.toUri().toURL(), lib.toUri().toURL(), new URL("https://example.org/x.jar")},
                ClassLoader.getSystemClassLoader())) {
            assertEquals(app + File.pathSeparator + lib + File.pathSeparator + System.getProperty("java.class.path"), ExecutorClassPath.of(shipped));
        }
    }
}
