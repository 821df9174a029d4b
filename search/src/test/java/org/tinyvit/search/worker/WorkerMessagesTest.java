package org.tinyvit.search.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSource;
import org.tinyvit.io.Json;
import org.tinyvit.model.tinyvit.Presets;
import org.tinyvit.search.Candidate;
import org.tinyvit.search.CandidateEvaluation;
import org.tinyvit.search.Execution;
import org.tinyvit.search.JournalEntry;
import org.tinyvit.search.ProxyRun;
import org.tinyvit.search.ProxySettings;
import tools.jackson.databind.node.ObjectNode;

/** The worker protocol's codec: every message survives a round trip, and a bad line is refused naming its field. */
class WorkerMessagesTest {
    static final Candidate CANDIDATE = new Candidate(Candidate.CANDIDATE, "5M", Presets.get("tinyvit-5m").withNumClasses(10), new ProxyRun(300, 2));
    static final WorkerMessages.Setup SETUP = new WorkerMessages.Setup(DataSource.of(Path.of("/data/flowers"), "folder", 48, true)
            .withTrainSamples(900), Path.of("/runs/logits"), new ProxySettings(32, 2e-3f, 7, 500), "2", "cpu");

    @Test
    void everyMessageRoundTrips() {
        assertEquals(SETUP, WorkerMessages.readSetup(WorkerMessages.write(SETUP)));
        WorkerMessages.Setup fashion = new WorkerMessages.Setup(DataSource.fashionMnist(null), Path.of("/s"), ProxySettings.defaults(1), "1", "cpu");
        assertEquals(fashion, WorkerMessages.readSetup(WorkerMessages.write(fashion)));

        WorkerMessages.Ready ready = new WorkerMessages.Ready("2", "node-3", 4242, "cpu");
        assertEquals(ready, WorkerMessages.readReady(WorkerMessages.write(ready)));

        WorkerMessages.Job job = WorkerMessages.readJob(WorkerMessages.write(new WorkerMessages.Job(17, CANDIDATE)));
        assertEquals(17, job.id());
        assertEquals(CANDIDATE.runKey(), job.candidate().runKey());
        assertEquals(CANDIDATE.spec().key(), job.candidate().spec().key(), "the spec as trained, not only its deployed key");
        assertEquals(CANDIDATE.role() + CANDIDATE.budget(), job.candidate().role() + job.candidate().budget());

        JournalEntry ok = CandidateEvaluation.evaluate((spec, run) -> 0.4375, CANDIDATE)
                .withExecution(new Execution("node-3", 4242, "2", "cpu", 1.5, 12.25));
        assertEquals(new WorkerMessages.Answer(17, ok), WorkerMessages.readAnswer(WorkerMessages.write(new WorkerMessages.Answer(17, ok))));
        JournalEntry failed = CandidateEvaluation.evaluate((spec, run) -> Double.NaN, CANDIDATE);
        assertEquals(failed, WorkerMessages.readAnswer(WorkerMessages.write(new WorkerMessages.Answer(3, failed))).entry());
    }

    @Test
    void aBadLineIsRefusedNamingTheField() {
        assertEquals("bad worker message 'setup': field 'store' is missing", refusal(WorkerMessages::readSetup, without(SETUP, "store")));
        ObjectNode setup = (ObjectNode) Json.parse(WorkerMessages.write(SETUP));
        ((ObjectNode) setup.get("proxy")).put("batch", "32");
        assertEquals("bad worker message 'setup': field 'proxy.batch' must be an integer, got \"32\"", refusal(WorkerMessages::readSetup, setup.toString()));
        setup = (ObjectNode) Json.parse(WorkerMessages.write(SETUP));
        ((ObjectNode) setup.get("data")).put("colour", true);
        assertEquals("bad worker message 'setup': field 'data.colour' is not part of the protocol", refusal(WorkerMessages::readSetup, setup.toString()));

        String job = WorkerMessages.write(new WorkerMessages.Job(1, CANDIDATE));
        assertEquals("bad worker message 'result': field 'type' is \"candidate\", expected 'result'", refusal(WorkerMessages::readAnswer, job));
        assertEquals("bad worker message 'candidate': field 'formatVersion' is 1, this reader knows version 2",
                refusal(WorkerMessages::readJob, job.replace("\"formatVersion\":2", "\"formatVersion\":1")), "a worker of before journal format 4");
        assertEquals("bad worker message 'candidate': field 'samples' must be an integer, got 1.5",
                refusal(WorkerMessages::readJob, job.replace("\"samples\":300", "\"samples\":1.5")));
        assertEquals("bad worker message (expected 'ready'): not a JSON object", refusal(WorkerMessages::readReady, "[1,2]"));
        assertEquals("bad worker message 'result': field 'entry' is not a journal entry (missing field 'key')",
                refusal(WorkerMessages::readAnswer, "{\"formatVersion\":2,\"type\":\"result\",\"id\":1,\"entry\":{\"formatVersion\":2}}"));
    }

    private static String without(WorkerMessages.Setup setup, String field) {
        ObjectNode node = (ObjectNode) Json.parse(WorkerMessages.write(setup));
        node.remove(field);
        return node.toString();
    }

    private static String refusal(java.util.function.Function<String, ?> reader, String line) {
        return assertThrows(TinyVitException.class, () -> reader.apply(line)).getMessage();
    }
}
