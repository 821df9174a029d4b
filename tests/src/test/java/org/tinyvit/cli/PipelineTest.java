package org.tinyvit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.data.Augmentation;
import org.tinyvit.data.DataSource;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.io.Json;
import org.tinyvit.pipeline.Pipeline;
import org.tinyvit.search.Budget;
import org.tinyvit.search.ProxyRun;
import org.tinyvit.search.SearchSettings;
import org.tinyvit.zoo.ZooFolder;
import tools.jackson.databind.JsonNode;

/**
 * The main job on a small real subset: every step runs once, a second run reuses them all, and
 * the library call with the same settings makes the same family.
 */
class PipelineTest {
    @TempDir
    Path dir;
    private String previousZoo;

    /** Members install into this test's own zoo folder. */
    @BeforeEach
    void useOwnZoo() {
        previousZoo = System.getProperty(ZooFolder.PROPERTY);
        System.setProperty(ZooFolder.PROPERTY, dir.resolve("zoo").toString());
    }

    @AfterEach
    void restoreZoo() {
        if (previousZoo == null) {
            System.clearProperty(ZooFolder.PROPERTY);
        } else {
            System.setProperty(ZooFolder.PROPERTY, previousZoo);
        }
    }

    /** The main job on {@code trainSamples} images, one epoch per step, one small generation under the 5M budget. */
    private String[] smallJob(int trainSamples, String... flags) {
        List<String> args = new ArrayList<>(List.of("pipeline", "--out", dir.toString(), "--train-samples", String.valueOf(trainSamples),
                "--epochs", "1", "--budgets", "5M", "--generations", "1", "--population", "2", "--proxy-samples", "128"));
        args.addAll(List.of(flags));
        return args.toArray(String[]::new);
    }

    @Test
    void pipelineRunsEveryStepOnceAndReusesThem() throws Exception {
        String[] args = smallJob(1500, "--teacher-preset", "tinyvit-5m");
        CommandLineTest.Result first = CommandLineTest.tinyvit(args);
        assertEquals(0, first.code(), first.err());
        Path model = dir.resolve("family/tinyvit-fashion-mnist-5m");
        assertTrue(Files.isRegularFile(model.resolve("metrics.json")), first.err());
        assertTrue(Files.isRegularFile(dir.resolve("logits/epoch-0000.logits")));
        assertEquals("log-macs-2x-train-loss", Json.parse(Files.readString(dir.resolve("search/family.json"))).get("settings").get("fitness")
                .asString(), "the fast recipe's search ranks by the default fitness");
        assertTrue(Files.isRegularFile(dir.resolve("zoo/tinyvit-fashion-mnist-5m/model.json")));
        long modified = Files.getLastModifiedTime(model.resolve("weights.safetensors")).toMillis();
        double teacherTest = Json.parse(Files.readString(dir.resolve("teacher/metrics.json"))).get("testAccuracy").doubleValue();
        double memberTest = Json.parse(Files.readString(model.resolve("metrics.json"))).get("testAccuracy").doubleValue();
        assertTrue(first.out().contains(String.format(Locale.ROOT, "test accuracy %.4f", teacherTest)), first.out());
        assertTrue(first.out().lines().anyMatch(l -> l.startsWith("tinyvit-fashion-mnist-5m ") && l.endsWith(String.format(Locale.ROOT, " %.4f", memberTest))),
                "the member's line ends with its test accuracy: " + first.out());
        BufferedImage curves = ImageIO.read(dir.resolve("curves.png").toFile());
        assertEquals(900, curves.getWidth(), "the teacher's and the members' curves");
        assertTrue(Files.isRegularFile(dir.resolve("family/curves.png")));

        String[] asJson = Stream.concat(Arrays.stream(args), Stream.of("--json")).toArray(String[]::new);
        CommandLineTest.Result second = CommandLineTest.tinyvit(asJson);
        assertEquals(0, second.code(), second.err());
        assertEquals(3, second.err().lines().filter(l -> l.contains("reusing the finished step")).count(), second.err());
        assertTrue(second.err().contains("already trained"), second.err());
        assertFalse(second.err().contains("replacing"), "the same weights installed again: " + second.err());
        assertEquals(modified, Files.getLastModifiedTime(model.resolve("weights.safetensors")).toMillis());
        JsonNode printed = Json.parse(second.out());
        assertEquals(teacherTest, printed.get("teacher").get("testAccuracy").doubleValue(), 0.0);
        assertEquals(memberTest, printed.get("family").get("models").get(0).get("testAccuracy").doubleValue(), 0.0);
        assertEquals(dir.resolve("curves.png").toAbsolutePath().toString(), printed.get("curves").asString());

        assertEquals("pipeline finished: teacher " + dir.resolve("teacher") + ", store " + dir.resolve("logits") + ", family file "
                + dir.resolve("search/family.json") + ", family " + dir.resolve("family/trained.json"), first.out().lines().findFirst().orElseThrow());

        // stopped after the search in the finished folder: nothing trains, and curves.png keeps the member the first job trained
        long drawn = Files.getLastModifiedTime(dir.resolve("curves.png")).toMillis();
        String[] untilSearch = Stream.concat(Arrays.stream(args), Stream.of("--until", "search")).toArray(String[]::new);
        CommandLineTest.Result stoppedShort = CommandLineTest.tinyvit(untilSearch);
        assertEquals(0, stoppedShort.code(), stoppedShort.err());
        assertEquals("pipeline stopped after the search step: teacher " + dir.resolve("teacher") + ", store " + dir.resolve("logits")
                + ", family file " + dir.resolve("search/family.json"), stoppedShort.out().lines().findFirst().orElseThrow());
        assertEquals(drawn, Files.getLastModifiedTime(dir.resolve("curves.png")).toMillis(), "curves.png left as the whole job drew it");
        assertTrue(stoppedShort.out().contains("validation curves of the teacher and the members: " + dir.resolve("curves.png")), stoppedShort.out());

        // the same folder asked for another search: its family would not be the one asked for, so it is refused before anything trains
        String[] otherSearch = Stream.concat(Arrays.stream(args), Stream.of("--fitness", "train-loss")).toArray(String[]::new);
        CommandLineTest.Result third = CommandLineTest.tinyvit(otherSearch);
        assertEquals(2, third.code(), third.err());
        List<String> lines = third.err().strip().lines().toList();
        assertEquals("tinyvit: " + dir.resolve("search/family.json") + ": holds the family of another search (fitness \"log-macs-2x-train-loss\", not"
                + " \"train-loss\"); use another --out or delete " + dir.resolve("search"), lines.get(lines.size() - 1));
        assertEquals(modified, Files.getLastModifiedTime(model.resolve("weights.safetensors")).toMillis());

        Pipeline.Settings defaults = Pipeline.Settings.defaults();
        Pipeline.Settings library = new Pipeline.Settings(dir.resolve("library"), defaults.teacher(),
                DataSource.fashionMnist(null).withTrainSamples(1500), 0, defaults.teacherTraining().withEpochs(1), 1,
                defaults.familyTraining().withEpochs(1), defaults.space(), Budget.parse(List.of("5M"), List.of()),
                new SearchSettings(1, 2, new ProxyRun(128, 1), 0, false, SearchSettings.DEFAULT_SEED), defaults.proxy(),
                Optional.of(dir.resolve("library-zoo")), defaults.device(), defaults.familyWorkers());
        Pipeline.Result result = Pipeline.run(library);
        JsonNode cli = Json.parse(Files.readString(dir.resolve("search/family.json"))).get("members");
        JsonNode lib = Json.parse(Files.readString(result.familyFile())).get("members");
        assertEquals(cli.size(), lib.size());
        for (int i = 0; i < cli.size(); i++) {
            assertEquals(cli.get(i).get("key"), lib.get(i).get("key"), "the same family from the library call as from the command line");
            assertEquals(cli.get(i).get("proxyAccuracy"), lib.get(i).get("proxyAccuracy"), "both null (no validation) or the same number");
            assertEquals(cli.get(i).get("proxyTrainLoss").doubleValue(), lib.get(i).get("proxyTrainLoss").doubleValue(), 0.0);
        }
        assertEquals(Json.parse(Files.readString(model.resolve("metrics.json"))).get("testAccuracy").doubleValue(),
                result.family().orElseThrow().members().get(0).metrics().testAccuracy(), 0.0, "and the same trained member");
        assertTrue(Files.isRegularFile(dir.resolve("library-zoo/tinyvit-fashion-mnist-5m/model.json")));
    }

    /**
     * {@code --img-size} reaches every step: the teacher trains at it, the store records it, the
     * search's candidates and the family train at it, and the zoo entry resizes to it. The
     * teacher's drop path and the augmentation reach theirs. The accurate recipe gives what no flag
     * overrides (its flip), and flags beside it win (size, drop path, epochs). A second run into
     * the same folder at another size (the recipe's 56 px) is refused before anything trains.
     */
    @Test
    void theInputResolutionAndTheRecipeReachEveryStep() throws Exception {
        String[] args = smallJob(600, "--recipe", "accurate", "--img-size", "32", "--teacher-drop-path", "0.05");
        CommandLineTest.Result first = CommandLineTest.tinyvit(args);
        assertEquals(0, first.code(), first.err());
        assertEquals(32, Json.parse(Files.readString(dir.resolve("teacher/metrics.json"))).get("imgSize").intValue());
        assertEquals(0.05, Json.parse(Files.readString(dir.resolve("teacher/spec.json"))).get("dropPath").doubleValue(), 1e-12);
        assertEquals(32, StoreManifest.read(dir.resolve("logits")).imgSize());
        assertEquals(Augmentation.Policy.FLIP, StoreManifest.read(dir.resolve("logits")).augmentation());
        JsonNode family = Json.parse(Files.readString(dir.resolve("search/family.json")));
        assertEquals(32, family.get("resolution").intValue());
        assertEquals("log-macs-2x-train-loss", family.get("settings").get("fitness").asString(), "the accurate recipe's search ranks by it");
        JsonNode member = Json.parse(Files.readString(dir.resolve("family/tinyvit-fashion-mnist-5m/metrics.json")));
        assertEquals(32, member.get("imgSize").intValue());
        assertEquals(1, member.get("epochsRun").intValue(), "--epochs beside the recipe wins");
        assertEquals("flip", member.get("augmentation").asString(), "the recipe's flip");
        JsonNode installed = Json.parse(Files.readString(dir.resolve("zoo/tinyvit-fashion-mnist-5m/model.json")));
        assertEquals(32, installed.get("preprocessing").get("resize").intValue());
        assertEquals(32, installed.get("preprocessing").get("crop").intValue());
        assertEquals(32, installed.get("spec").get("imgSize").intValue());

        String[] at28 = List.of(args).stream().filter(a -> !a.equals("--img-size") && !a.equals("32")).toArray(String[]::new);
        CommandLineTest.Result second = CommandLineTest.tinyvit(at28);
        assertEquals(2, second.code(), second.err());
        List<String> lines = second.err().strip().lines().toList();
        String refusal = lines.get(lines.size() - 1);
        assertTrue(refusal.startsWith("tinyvit: " + dir.resolve("logits") + ": "), second.err());
        assertTrue(refusal.contains("made at 32 px") && refusal.contains("asks for 56 px"), "the accurate recipe's size: " + second.err());
        assertTrue(lines.stream().noneMatch(l -> l.contains("teacher")), "refused before the teacher step: " + second.err());

        CommandLineTest.Result unknown = CommandLineTest.tinyvit("pipeline", "--out", dir.resolve("other").toString(), "--recipe", "best");
        assertEquals(2, unknown.code(), unknown.err());
        assertEquals("tinyvit: unknown recipe 'best'; use fast, balanced or accurate", unknown.err().strip());
    }

    /**
     * A job stopped after the search ({@code --until search}) leaves the chosen family in
     * {@code search/family.json} with nothing trained or installed after it. A job whose teacher
     * changed (another preset here) would train a new teacher, so the store in the folder, which
     * the old one made, is refused before the new teacher trains, and the finished steps are left
     * as they were. The first job run to the end then reuses its three steps and trains the family.
     */
    @Test
    void aJobStoppedAfterTheSearchGoesOnLaterAndAStoreOfAnEarlierTeacherIsRefused() throws Exception {
        CommandLineTest.Result first = CommandLineTest.tinyvit(smallJob(600, "--until", "search", "--json"));
        assertEquals(0, first.code(), first.err());
        JsonNode stopped = Json.parse(first.out());
        assertEquals("search", stopped.get("lastStep").asString());
        assertEquals(dir.resolve("search/family.json").toAbsolutePath().toString(), stopped.get("familyFile").asString());
        assertEquals(dir.resolve("logits").toAbsolutePath().toString(), stopped.get("logits").asString());
        assertFalse(stopped.has("family"), "no family trained: " + stopped);
        assertTrue(Files.isRegularFile(dir.resolve("search/family.json")));
        assertFalse(Files.exists(dir.resolve("family")), "nothing trained after the search");
        assertFalse(Files.exists(dir.resolve("zoo/tinyvit-fashion-mnist-5m")), "nothing installed");
        assertTrue(first.err().contains("stopping after the search step"), first.err());
        assertTrue(first.err().lines().noneMatch(l -> l.contains("4/4")), first.err());
        long teacherWritten = Files.getLastModifiedTime(dir.resolve("teacher/metrics.json")).toMillis();

        CommandLineTest.Result second = CommandLineTest.tinyvit(smallJob(600, "--teacher-preset", "tinyvit-11m"));
        assertEquals(2, second.code(), second.err());
        List<String> lines = second.err().strip().lines().toList();
        String refusal = lines.get(lines.size() - 1);
        assertTrue(refusal.startsWith("tinyvit: " + dir.resolve("logits") + ": "), second.err());
        assertTrue(refusal.contains("a teacher this job would now train again"), second.err());
        assertTrue(lines.stream().noneMatch(l -> l.contains("1/4 teacher")), "refused before the teacher step: " + second.err());
        assertEquals(teacherWritten, Files.getLastModifiedTime(dir.resolve("teacher/metrics.json")).toMillis());

        CommandLineTest.Result toTheEnd = CommandLineTest.tinyvit(smallJob(600));
        assertEquals(0, toTheEnd.code(), toTheEnd.err());
        assertEquals(3, toTheEnd.err().lines().filter(l -> l.contains("reusing the finished step")).count(), toTheEnd.err());
        assertTrue(Files.isRegularFile(dir.resolve("family/tinyvit-fashion-mnist-5m/metrics.json")), toTheEnd.err());
        assertTrue(toTheEnd.out().startsWith("pipeline finished: "), toTheEnd.out());
        assertEquals(teacherWritten, Files.getLastModifiedTime(dir.resolve("teacher/metrics.json")).toMillis());

        CommandLineTest.Result unknown = CommandLineTest.tinyvit("pipeline", "--out", dir.resolve("other").toString(), "--until", "zoo");
        assertEquals(2, unknown.code(), unknown.err());
        assertEquals("tinyvit: unknown step 'zoo'; use teacher, logits, search or family", unknown.err().strip());
    }
}
