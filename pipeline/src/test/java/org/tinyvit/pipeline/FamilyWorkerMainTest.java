package org.tinyvit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.Augmentation;
import org.tinyvit.data.DataSource;
import org.tinyvit.distill.TrainConfig;

/** The job a family worker is given: read back as it was written, and refused in one line when it is not a job. */
class FamilyWorkerMainTest {
    @Test
    void aJobReadsBackAsWritten() {
        DataSource source = DataSource.fashionMnist(null).withTrainSamples(700);
        TrainConfig config = new TrainConfig(3, 64, 2.5e-3f, 0.01f, 1f, 7, Augmentation.Policy.of("light"), 0.1f, 4);
        var family = new FamilyTraining.Settings(Path.of("runs/search/family.json"), Path.of("runs/logits"), source.splits(), config,
                Optional.empty(), Path.of("runs/family"), Optional.empty(), Device.cpu(), Optional.empty());

        FamilyWorkerMain.Read job = FamilyWorkerMain.read(FamilyWorkerMain.job(family, "mine", 2, source, "cpu"));

        assertEquals(config, job.family().config());
        assertEquals(Path.of("runs/search/family.json").toAbsolutePath(), job.family().familyFile());
        assertEquals(Path.of("runs/logits").toAbsolutePath(), job.family().store());
        assertEquals(Path.of("runs/family").toAbsolutePath(), job.family().out());
        assertEquals(700, job.family().data().train().size());
        assertEquals(Device.cpu(), job.family().device());
        assertEquals(Optional.empty(), job.family().zoo(), "a worker installs nothing: its driver does");
        assertEquals("mine", job.prefix());
        assertEquals(2, job.member());
    }

    @Test
    void whatIsNotAJobIsRefusedInOneLine() {
        String notJson = assertThrows(TinyVitException.class, () -> FamilyWorkerMain.read("x")).getMessage();
        assertTrue(notJson.startsWith("bad family job (expected 'family-member'): not JSON (") && !notJson.contains("\n"), notJson);
        assertEquals("bad family job 'family-member': field 'formatVersion' is 2, this reader knows version 1",
                assertThrows(TinyVitException.class, () -> FamilyWorkerMain.read("{\"formatVersion\":2,\"type\":\"family-member\"}")).getMessage());
        assertEquals("bad family job 'family-member': field 'config' is missing",
                assertThrows(TinyVitException.class, () -> FamilyWorkerMain.read("{\"formatVersion\":1,\"type\":\"family-member\"}")).getMessage());
    }

    @Test
    void aJobWithAMistypedOrUnknownFieldIsRefused() {
        var config = TrainConfig.defaults(1);
        var family = new FamilyTraining.Settings(Path.of("f.json"), Path.of("logits"), null, config, Optional.empty(), Path.of("family"),
                Optional.empty(), Device.cpu(), Optional.empty());
        String job = FamilyWorkerMain.job(family, "mine", 0, DataSource.fashionMnist(null), "cpu");
        assertEquals("bad family job 'family-member': field 'data.trainSamples' must be an integer, got \"0\"",
                assertThrows(TinyVitException.class, () -> FamilyWorkerMain.read(job.replace("\"trainSamples\":0", "\"trainSamples\":\"0\""))).getMessage());
        assertEquals("bad family job 'family-member': field 'config.colour' is not part of the protocol",
                assertThrows(TinyVitException.class, () -> FamilyWorkerMain.read(job.replace("\"config\":{", "\"config\":{\"colour\":1,"))).getMessage());
    }
}
