package org.tinyvit.search;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.data.DataSource;
import org.tinyvit.examples.PocketSpace;
import org.tinyvit.io.Json;
import org.tinyvit.search.worker.WorkerPoolBackend;
import org.tinyvit.space.SpaceReader;
import tools.jackson.databind.JsonNode;

/**
 * Searches whose candidates train in worker processes, on the shared small store: the pool is
 * used, chooses exactly what a single worker chooses, and keeps a dead, killed or overrunning
 * worker's fault with its candidate while the search goes on.
 */
class WorkerPoolEndToEndTest {
    static final List<String> TWO_WORKERS = List.of("--workers", "2", "--threads", "1");
    static final Pattern DIED = Pattern.compile("worker \\d \\(pid (\\d+)\\) died: exit code 137 \\(SIGKILL\\)");

    @TempDir
    Path dir;

    @BeforeAll
    static void teacherAndStore() {
        SearchEndToEndTest.teacherAndStore();
    }

    /** A search of {@link PocketSpace} under one budget in {@code out} with the given extra options; its journal. */
    static List<JournalEntry> search(Path out, List<String> options) {
        List<String> args = SearchEndToEndTest.searchArgs(out, PocketSpace.class.getName(), "3", "2", SearchEndToEndTest.firstBudget());
        args.addAll(options);
        SearchEndToEndTest.run(args.toArray(String[]::new));
        return Journal.read(out.resolve(Journal.FILE), false);
    }

    @Test
    void twoWorkersShareTheSearchAndChooseExactlyWhatOneWorkerChooses() throws Exception {
        List<JournalEntry> one = search(dir.resolve("one"), List.of("--workers", "1", "--threads", "1"));
        List<JournalEntry> two = search(dir.resolve("two"), TWO_WORKERS);

        assertEquals(Set.of("1", "2"), two.stream().map(e -> e.execution().worker()).collect(Collectors.toSet()), "both workers trained");
        assertEquals(Set.of("1"), one.stream().map(e -> e.execution().worker()).collect(Collectors.toSet()));
        for (JournalEntry e : two) {
            assertEquals(JournalEntry.OK, e.status(), e.reason());
            assertFalse(e.execution().host().isEmpty());
            assertFalse(e.execution().pid() == ProcessHandle.current().pid(), "trained in a worker, not in the driver");
            assertEquals("cpu", e.execution().device());
            assertTrue(e.execution().trainSeconds() > 0 && e.execution().waitSeconds() >= 0, e.execution().toString());
        }
        assertSameSearch(dir.resolve("one"), dir.resolve("two"));
    }

    /**
     * The searches in {@code a} and {@code b} trained the same runs to the same accuracies and chose the same family, bit for bit
     * (the journal holds runs in the order they ended, which differs with the number of workers).
     */
    static void assertSameSearch(Path a, Path b) throws IOException {
        assertEquals(runs(a), runs(b), "the same runs with the same accuracies, bit for bit");
        JsonNode membersA = Json.parse(Files.readString(a.resolve(FamilyFile.FILE))).get("members");
        JsonNode membersB = Json.parse(Files.readString(b.resolve(FamilyFile.FILE))).get("members");
        assertEquals(1, membersA.size());
        assertEquals(membersA.size(), membersB.size());
        for (int i = 0; i < membersA.size(); i++) {
            assertEquals(membersA.get(i).get("key"), membersB.get(i).get("key"));
            assertEquals(membersA.get(i).get("proxyAccuracy"), membersB.get(i).get("proxyAccuracy"), "both null (no validation) or the same number");
            assertEquals(membersA.get(i).get("proxyTrainLoss").doubleValue(), membersB.get(i).get("proxyTrainLoss").doubleValue(), 0.0);
        }
    }

    private static List<String> runs(Path out) {
        return Journal.read(out.resolve(Journal.FILE), false).stream().map(e -> e.runKey() + " " + e.fitness() + " " + e.trainLoss()).sorted().toList();
    }

    @Test
    void aWorkerKilledMidCandidateFailsOnlyThatCandidate() throws Exception {
        DataSource source = DataSource.fashionMnist(null).withTrainSamples(Integer.parseInt(SmallStore.SAMPLES));
        ProxySettings proxy = new ProxySettings(64, 2e-3f, 5, 100);
        Search.Settings settings = new Search.Settings(SpaceReader.read(StallingSpace.class), List.of(Budget.of("10M", "10G")),
                new SearchSettings(2, 3, new ProxyRun(128, 1), 0, false, 5), proxy, SmallStore.get().store(), source.splits(),
                dir.resolve("killed"), false).withSource(source);
        WorkerPoolBackend pool = new WorkerPoolBackend(WorkerPoolBackend.Settings.of(2).withThreads(1), source, settings.store(), proxy);
        Map<Long, String> killed = new ConcurrentHashMap<>();
        Thread killer = Thread.ofPlatform().daemon().start(() -> {
            // a stalled candidate never finishes, so its worker is surely mid-candidate when killed
            while (!Thread.currentThread().isInterrupted()) {
                for (WorkerPoolBackend.Assignment a : pool.running()) {
                    if (stalls(a.candidate()) && killed.putIfAbsent(a.pid(), a.candidate().key()) == null) {
                        ProcessHandle.of(a.pid()).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Search.Result result;
        try {
            result = Search.run(settings, (Module) binder -> binder.bind(EvaluationBackend.class).toInstance(pool));
        } finally {
            killer.interrupt();
        }

        List<JournalEntry> journal = Journal.read(result.journalFile(), false);
        // (a candidate may also fail inside its worker, as in process; only the stalled ones concern the pool)
        List<JournalEntry> stalled = journal.stream().filter(e -> stalls(e.spec())).toList();
        assertFalse(stalled.isEmpty(), "the stalling space should have stalled candidates");
        assertEquals(killed.size(), stalled.size(), "one entry per killed worker: " + stalled.stream().map(JournalEntry::reason).toList());
        for (JournalEntry e : stalled) {
            Matcher m = DIED.matcher(String.valueOf(e.reason()));
            assertTrue(m.matches(), e.reason());
            assertEquals(e.key(), killed.get(Long.parseLong(m.group(1))), "the killed worker's own candidate failed");
            assertEquals(Long.parseLong(m.group(1)), e.execution().pid());
        }
        assertTrue(journal.stream().filter(JournalEntry::ok).anyMatch(e -> !killed.containsKey(e.execution().pid())));
        assertTrue(Files.isRegularFile(result.familyFile()));
        assertFalse(stalls(result.members().get(0).best().spec()));
    }

    @Test
    void aCandidateOverItsTimeoutFailsAndAFreshWorkerTakesOver() throws Exception {
        Path out = dir.resolve("timeout");
        SearchEndToEndTest.run("search", "--space", StallingSpace.class.getName(), "--generations", "2", "--population", "3",
                "--proxy-samples", "128", "--proxy-val", "100", "--batch", "64", "--seed", "5", "--budgets", "10M", "--macs", "10G",
                "--workers", "1", "--threads", "1", "--candidate-timeout", "10s", "--logits", SmallStore.get().store().toString(), "--out", out.toString());
        List<JournalEntry> journal = Journal.read(out.resolve(Journal.FILE), false);
        List<JournalEntry> stalled = journal.stream().filter(e -> stalls(e.spec())).toList();
        assertFalse(stalled.isEmpty(), "the stalling space should have stalled candidates");
        for (JournalEntry e : stalled) {
            assertTrue(String.valueOf(e.reason()).startsWith("timed out after 10 s on worker 1 (pid " + e.execution().pid() + ")"), e.reason());
        }
        assertTrue(journal.stream().map(e -> e.execution().pid()).distinct().count() > 1, "a fresh worker took over after a timeout");
        assertTrue(Files.isRegularFile(out.resolve(FamilyFile.FILE)));
    }

    @Test
    void resumeWithWorkersAfterAKilledSearchLosesNothingAndLeavesNoWorkerBehind() throws Exception {
        SearchEndToEndTest.killAndResume(dir, TWO_WORKERS, workers -> {
            assertEquals(2, workers.size(), "the killed driver had started its two workers: " + workers);
            for (ProcessHandle w : workers) {
                assertDoesNotThrow(() -> w.onExit().get(10, TimeUnit.SECONDS), "worker " + w.pid() + " outlived its killed driver");
            }
        });
    }

    private static boolean stalls(Candidate c) {
        return stalls(c.spec().toJson());
    }

    private static boolean stalls(org.tinyvit.model.StudentSpec spec) {
        return stalls(spec.toJson());
    }

    /** Whether a {@link StallingSpace} model with this spec stalls (its stage 2 has two blocks). */
    static boolean stalls(JsonNode spec) {
        return spec.get("depths").get(2).intValue() == 2;
    }
}
