package org.tinyvit.search.worker;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSource;
import org.tinyvit.search.ProxySettings;

/**
 * A pool whose workers cannot start stops the search with the reason, instead of failing
 * candidate after candidate: real worker processes (searches with working ones are in the
 * tests module, which has a logit store).
 */
class WorkerPoolBackendTest {
    @TempDir
    Path dir;

    static String startFailure(WorkerPoolBackend.Settings settings, Path store) {
        try (WorkerPoolBackend pool = new WorkerPoolBackend(settings, DataSource.fashionMnist(null).withTrainSamples(100), store,
                ProxySettings.defaults(1))) {
            return assertThrows(TinyVitException.class, () -> pool.evaluate(List.of(WorkerMessagesTest.CANDIDATE))).getMessage();
        }
    }

    @Test
    void aWorkerJvmThatCannotStartIsReportedWithItsLastLogLine() {
        String message = startFailure(WorkerPoolBackend.Settings.of(1).withJvmOptions(List.of("-XX:+NoSuchOption")), dir);
        assertTrue(message.matches("worker 1 \\(pid \\d+\\) did not start: exit code 1; its last log line: Error: .*"), message);
    }

    @Test
    void aSetupTheWorkerCannotCarryOutIsReportedWithTheWorkersReason() {
        String message = startFailure(WorkerPoolBackend.Settings.of(1).withThreads(1), dir.resolve("no-store"));
        assertTrue(message.matches("worker 1 \\(pid \\d+\\) did not start: exit code 2; its last log line: .*no-store.*"), message);
    }
}
