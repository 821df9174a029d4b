package org.tinyvit.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.TinyVitException;
import org.tinyvit.cli.CommandLineTest;
import org.tinyvit.data.DataSource;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.examples.PocketSpace;
import org.tinyvit.io.Json;
import org.tinyvit.pipeline.FamilyTraining;
import org.tinyvit.pipeline.FamilyWorkerMain;
import org.tinyvit.pipeline.FamilyWorkers;
import org.tinyvit.search.worker.WorkerCommand;
import tools.jackson.databind.JsonNode;

/**
 * A searched family trained in worker processes, on the shared small store: two workers train
 * the two members side by side into exactly the checkpoints one worker trains one after the
 * other, the driver only reuses and installs them, and a worker that cannot start names its member.
 */
class FamilyWorkersEndToEndTest {
    @TempDir
    static Path searched;

    /** A family of two members from a one-generation search of {@link PocketSpace} under the two small budgets, shared by the tests. */
    static Path family;

    @TempDir
    Path dir;

    @BeforeAll
    static void teacherStoreAndFamily() {
        SearchEndToEndTest.teacherAndStore();
        SearchEndToEndTest.run(SearchEndToEndTest.searchArgs(searched, PocketSpace.class.getName(), "2", "1").toArray(String[]::new));
        family = searched.resolve(FamilyFile.FILE);
    }

    @Test
    void twoWorkersTrainTheMembersSideBySideExactlyAsOneWorkerDoes() throws Exception {
        CommandLineTest.Result two = trainFamily(family, dir.resolve("two"), "--family-workers", "2", "--family-threads", "1");
        CommandLineTest.Result one = trainFamily(family, dir.resolve("one"), "--family-workers", "1", "--family-threads", "1");

        assertTrue(two.err().contains("2 members in 2 worker processes, 1 engine threads each"), two.err());
        assertTrue(one.err().contains("2 members in 1 worker processes, 1 engine threads each"), one.err());
        JsonNode a = Json.parse(two.out()).get("models");
        JsonNode b = Json.parse(one.out()).get("models");
        assertEquals(2, a.size());
        for (int i = 0; i < a.size(); i++) {
            String name = a.get(i).get("name").asString();
            assertTrue(two.err().contains(name + " trained by its worker"), "the driver installed what a worker trained:\n" + two.err());
            assertTrue(two.err().contains("tinyvit " + name + ": "), "the worker's log comes with its member's name:\n" + two.err());
            JsonNode metricsA = Json.parse(Files.readString(Path.of(a.get(i).get("checkpoint").asString()).resolve("metrics.json")));
            JsonNode metricsB = Json.parse(Files.readString(Path.of(b.get(i).get("checkpoint").asString()).resolve("metrics.json")));
            assertEquals(metricsB.get("epochs").get(0).get("loss").doubleValue(), metricsA.get("epochs").get(0).get("loss").doubleValue(), 0.0,
                    name + ": the same training loss, bit for bit, side by side as one after the other");
            assertEquals(metricsB.get("testAccuracy").doubleValue(), a.get(i).get("testAccuracy").doubleValue(), 0.0);
            assertTrue(Files.exists(Path.of(a.get(i).get("zoo").asString())), "installed by the driver");
        }
    }

    @Test
    void aWorkerThatCannotStartNamesItsMemberAndItsError() throws Exception {
        var data = DataSource.fashionMnist(null).withTrainSamples(Integer.parseInt(SmallStore.SAMPLES));
        var workers = FamilyWorkers.Settings.of(2, data).withThreads(1).withJvmOptions(List.of("-Xmx1k"));
        var settings = FamilyTraining.Settings.of(family, SearchEndToEndTest.store, data.splits(), TrainConfig.defaults(1), dir.resolve("bad"))
                .withWorkers(workers);
        TinyVitException e = assertThrows(TinyVitException.class, () -> FamilyTraining.run(settings));
        assertTrue(e.getMessage().matches("(?s).*-\\w+ failed in its worker \\(pid \\d+\\), exit code 1: .*heap.*"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("bad").resolve(FamilyTraining.RESULT_FILE)), "no family file for a family that did not train");
    }

    /**
     * A worker asked for two engine threads while its member trains takes them at its next step
     * (the message comes right after the job, read by the worker while it prepares) and trains
     * the member to its end.
     */
    @Test
    void aWorkerAskedForMoreThreadsTakesThemAtItsNextStep() throws Exception {
        var data = DataSource.fashionMnist(null).withTrainSamples(Integer.parseInt(SmallStore.SAMPLES));
        var settings = FamilyTraining.Settings.of(family, SearchEndToEndTest.store, data.splits(), TrainConfig.defaults(1), dir.resolve("more"));
        Process worker = new ProcessBuilder(WorkerCommand.of(1, List.of()).line(FamilyWorkerMain.class.getName())).redirectErrorStream(true).start();
        try (var in = new java.io.OutputStreamWriter(worker.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8)) {
            in.write(FamilyWorkerMain.job(settings, "more", 0, data, "cpu") + "\n" + FamilyWorkerMain.threadsMessage(2) + "\n");
            in.flush();
            String log = new String(worker.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, worker.waitFor(), log);
            assertTrue(log.contains("now on 2 engine threads, from step "), log);
        } finally {
            worker.destroyForcibly();
        }
    }

    private CommandLineTest.Result trainFamily(Path family, Path out, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("train-family", "--family", family.toString(), "--logits",
                SearchEndToEndTest.store.toString(), "--epochs", "1", "--batch", "64", "--out", out.toString(), "--zoo",
                out.resolve("zoo").toString(), "--json"));
        args.addAll(List.of(options));
        return SearchEndToEndTest.run(args.toArray(String[]::new));
    }
}
