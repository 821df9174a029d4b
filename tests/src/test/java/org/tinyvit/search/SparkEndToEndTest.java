package org.tinyvit.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search whose candidates train as Spark tasks ({@code --spark local[2]}: Spark inside this
 * JVM, two task slots), on the shared small store: every candidate trains in a worker process of
 * its own, two at a time, the family is exactly what a single worker process chooses, and a
 * candidate over its timeout fails alone.
 */
class SparkEndToEndTest {
    static final Pattern TASK = Pattern.compile("spark task (\\d+), executor driver");
    static final Pattern TIMED_OUT = Pattern.compile("timed out after 10 s on (spark task \\d+, executor driver) \\(pid (\\d+)\\), which was stopped");

    @TempDir
    static Path dir;
    /** The journal of the Spark search, made once: it is most of these tests' time. */
    static List<JournalEntry> spark;

    @BeforeAll
    static void searchWithSpark() {
        SearchEndToEndTest.teacherAndStore();
        spark = WorkerPoolEndToEndTest.search(dir.resolve("spark"), List.of("--spark", "local[2]", "--threads", "1"));
    }

    @Test
    void everyCandidateTrainsInASparkTaskAndAProcessOfItsOwnTwoAtATime() {
        assertTrue(spark.size() >= 3, spark.toString());
        for (JournalEntry e : spark) {
            assertEquals(JournalEntry.OK, e.status(), e.reason());
            Matcher task = TASK.matcher(e.execution().worker());
            assertTrue(task.matches(), e.execution().worker());
            assertNotEquals(ProcessHandle.current().pid(), e.execution().pid(), "trained in a worker, not in the driver");
            assertEquals("cpu", e.execution().device());
            assertTrue(e.execution().trainSeconds() > 0 && e.execution().waitSeconds() >= 0, e.execution().toString());
        }
        assertEquals(spark.size(), spark.stream().map(e -> e.execution().worker()).distinct().count(), "one task per candidate");
        assertEquals(spark.size(), spark.stream().mapToLong(e -> e.execution().pid()).distinct().count(), "one worker process per candidate");
        // a batch's entries are journaled together, their waits counted from its hand-over: two slots show as overlapping runs
        assertTrue(IntStream.range(1, spark.size()).anyMatch(i -> overlap(spark.get(i - 1).execution(), spark.get(i).execution())),
                "no two candidates trained at the same time: " + spark.stream().map(JournalEntry::execution).toList());
    }

    @Test
    void sparkChoosesExactlyWhatOneWorkerProcessChooses() throws Exception {
        WorkerPoolEndToEndTest.search(dir.resolve("one"), List.of("--workers", "1", "--threads", "1"));
        WorkerPoolEndToEndTest.assertSameSearch(dir.resolve("one"), dir.resolve("spark"));
    }

    @Test
    void aCandidateOverItsTimeoutFailsAloneAndTheSearchGoesOn() {
        Path out = dir.resolve("timeout");
        SearchEndToEndTest.run("search", "--space", StallingSpace.class.getName(), "--generations", "1", "--population", "3",
                "--proxy-samples", "128", "--proxy-val", "100", "--batch", "64", "--seed", "5", "--budgets", "10M", "--macs", "10G",
                "--spark", "local[2]", "--threads", "1", "--candidate-timeout", "10s", "--logits", SmallStore.get().store().toString(), "--out", out.toString());
        List<JournalEntry> journal = Journal.read(out.resolve(Journal.FILE), false);
        List<JournalEntry> stalled = journal.stream().filter(e -> WorkerPoolEndToEndTest.stalls(e.spec())).toList();
        assertFalse(stalled.isEmpty(), "the stalling space should have stalled candidates");
        for (JournalEntry e : stalled) {
            // the task returned the failed entry rather than failing (which would have stopped the search)
            assertEquals(JournalEntry.FAILED, e.status());
            Matcher m = TIMED_OUT.matcher(String.valueOf(e.reason()));
            assertTrue(m.matches(), e.reason());
            assertEquals(e.execution().worker(), m.group(1));
            assertEquals(Long.parseLong(m.group(2)), e.execution().pid());
        }
        assertTrue(journal.stream().anyMatch(JournalEntry::ok), "the other candidates trained: " + journal);
        assertTrue(Files.isRegularFile(out.resolve(FamilyFile.FILE)));
    }

    private static boolean overlap(Execution a, Execution b) {
        return a.waitSeconds() < b.waitSeconds() + b.trainSeconds() && b.waitSeconds() < a.waitSeconds() + a.trainSeconds();
    }
}
