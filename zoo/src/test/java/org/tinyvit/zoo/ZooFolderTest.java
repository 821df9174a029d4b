package org.tinyvit.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.TinyVitException;
import org.tinyvit.checkpoint.Checkpoint;
import org.tinyvit.io.Json;
import org.tinyvit.model.tinyvit.CostModel;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ZooFolderTest {
    @TempDir
    Path work;

    @AfterEach
    void clearLocation() {
        System.clearProperty(ZooFolder.PROPERTY);
    }

    private Path zoo() {
        return work.resolve("zoo");
    }

    @Test
    void anInstalledModelReadsBackAsItWasDescribed() {
        Path folder = ZooFixture.install(zoo(), work, "tiny-fashion");
        ZooItem item = ZooFolder.read(folder);
        assertEquals(ZooFixture.entry("tiny-fashion", ZooFixture.TINY), item.entry());
        assertEquals(ZooItem.Kind.TRAINED, item.kind());
        Path original = work.resolve("ckpt-tiny-fashion").resolve(Checkpoint.WEIGHTS_FILE);
        assertEquals(WeightsFile.of(original), item.weights());
        assertEquals(0.286, item.entry().preprocessing().mean().get(0));
    }

    @Test
    void modelJsonRecordsCostsAtTheTrainingInputAndAtDeployment() throws IOException {
        Path folder = ZooFixture.install(zoo(), work, "tiny-fashion");
        JsonNode json = Json.parse(Files.readString(folder.resolve(ModelJson.FILE)));
        TinyVitSpec spec = ZooFixture.TINY;
        assertEquals(CostModel.of(spec).params(), json.get("params").longValue());
        assertEquals(CostModel.of(spec).macs(), json.get("macs").longValue());
        TinyVitSpec deployed = spec.withImgSize(224).withInChans(3).withNumClasses(1000);
        assertEquals(CostModel.of(deployed).params(), json.get("deployParams").longValue());
        assertEquals(CostModel.of(deployed).macs(), json.get("deployMacs").longValue());
        assertEquals("tinyvit", json.get("family").asString());
        assertEquals(1, json.get("formatVersion").intValue());
        assertEquals(3, json.get("source").get("member").intValue());
        assertEquals(Files.size(folder.resolve(Checkpoint.WEIGHTS_FILE)), json.get("weights").get("size").longValue());
    }

    @Test
    void aWeightsFileWithOneChangedByteIsRefusedNamingTheFile() throws IOException {
        Path folder = ZooFixture.install(zoo(), work, "tiny-fashion");
        Path weights = folder.resolve(Checkpoint.WEIGHTS_FILE);
        try (RandomAccessFile f = new RandomAccessFile(weights.toFile(), "rw")) {
            f.seek(f.length() - 5);
            int b = f.read();
            f.seek(f.length() - 5);
            f.write(b ^ 0x40);
        }
        TinyVitException e = assertThrows(TinyVitException.class, () -> ZooFolder.read(folder));
        assertTrue(e.getMessage().startsWith(weights + ": SHA-256 "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aTruncatedWeightsFileIsRefusedByItsSizeEvenWhenListing() throws IOException {
        Path folder = ZooFixture.install(zoo(), work, "tiny-fashion");
        Path weights = folder.resolve(Checkpoint.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        TinyVitException e = assertThrows(TinyVitException.class, () -> ZooFolder.read(folder));
        assertTrue(e.getMessage().startsWith(weights + ": is " + (bytes.length - 100) + " bytes"), e.getMessage());
        Catalog.Listing listing = ZooFolder.scan(zoo());
        assertTrue(listing.models().isEmpty());
        assertEquals(List.of(e.getMessage()), listing.problems());
    }

    @Test
    void installingOverAModelOfOtherWeightsIsSaidBeforehandTheSameWeightsAreNot() {
        Path first = ZooFixture.checkpoint(work.resolve("first"), ZooFixture.TINY);
        Path second = ZooFixture.checkpoint(work.resolve("second"), ZooFixture.TINY);
        assertTrue(ZooFolder.replacedBy(zoo(), "tiny-fashion", first).isEmpty(), "nothing installed yet");
        ZooFolder.install(zoo(), ZooFixture.entry("tiny-fashion", ZooFixture.TINY), first);
        assertTrue(ZooFolder.replacedBy(zoo(), "tiny-fashion", first).isEmpty(), "the same weights installed again replace nothing");
        ZooItem replaced = ZooFolder.replacedBy(zoo(), "tiny-fashion", second).orElseThrow();
        assertEquals(zoo().resolve("tiny-fashion"), replaced.folder());
        assertEquals(0.5, replaced.entry().testAccuracy(), 0.0);
        assertTrue(ZooFolder.replacedBy(zoo(), "another-name", second).isEmpty());
    }

    @Test
    void installRefusesACheckpointOfAnotherSpec() {
        Path ckpt = ZooFixture.checkpoint(work.resolve("ckpt"), ZooFixture.TINY);
        TinyVitSpec other = ZooFixture.TINY.withImgSize(56);
        ZooEntry entry = new ZooEntry("wrong", "", other, Preprocessing.ofTraining(56, ZooFixture.MEAN, ZooFixture.STD),
                org.tinyvit.data.FashionMnist.CLASSES, null, null);
        TinyVitException e = assertThrows(TinyVitException.class, () -> ZooFolder.install(zoo(), entry, ckpt));
        assertTrue(e.getMessage().startsWith(ckpt + ": checkpoint holds spec "), e.getMessage());
        assertTrue(Files.notExists(zoo().resolve("wrong")));
    }

    @Test
    void installRefusesACheckpointWhoseWeightsBelongToAnotherSpec() throws IOException {
        Path ckpt = ZooFixture.checkpoint(work.resolve("ckpt"), ZooFixture.TINY);
        Path other = ZooFixture.checkpoint(work.resolve("other"), ZooFixture.TINY.withNumClasses(5));
        Files.copy(other.resolve(Checkpoint.WEIGHTS_FILE), ckpt.resolve(Checkpoint.WEIGHTS_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TinyVitException e = assertThrows(TinyVitException.class,
                () -> ZooFolder.install(zoo(), ZooFixture.entry("mixed", ZooFixture.TINY), ckpt));
        assertTrue(e.getMessage().contains("weights were written for another spec"), e.getMessage());
    }

    @Test
    void installRefusesAPresetNameAndAnUnsafeName() {
        Path ckpt = ZooFixture.checkpoint(work.resolve("ckpt"), ZooFixture.TINY);
        assertThrows(TinyVitException.class, () -> ZooFolder.install(zoo(), ZooFixture.entry("tinyvit-5m", ZooFixture.TINY), ckpt));
        TinyVitException e = assertThrows(TinyVitException.class, () -> ZooFixture.entry("../escape", ZooFixture.TINY));
        assertTrue(e.getMessage().startsWith("zoo model name '../escape' must match"), e.getMessage());
    }

    @Test
    void anEntryWhoseClassesDisagreeWithTheSpecIsRefused() {
        TinyVitException e = assertThrows(TinyVitException.class, () -> new ZooEntry("few", "", ZooFixture.TINY,
                Preprocessing.ofTraining(28, ZooFixture.MEAN, ZooFixture.STD), List.of("a", "b"), null, null));
        assertEquals("zoo model 'few' field 'classes': has 2 names but the spec has 10 classes", e.getMessage());
    }

    @Test
    void modelJsonIsReadStrictlyWithOneLineNamingTheFile() throws IOException {
        Path folder = ZooFixture.install(zoo(), work, "tiny-fashion");
        Path file = folder.resolve(ModelJson.FILE);
        String good = Files.readString(file);
        List<UnaryOperator<ObjectNode>> breakages = List.of(
                n -> n.put("colour", "blue"),
                n -> n.put("formatVersion", 2),
                n -> n.put("name", "another-name"),
                n -> n.put("family", "resnet"),
                n -> { n.remove("classes"); return n; },
                n -> n.put("testAccuracy", "high"),
                n -> { ((ObjectNode) n.get("weights")).put("sha256", "abc"); return n; },
                n -> { ((ObjectNode) n.get("weights")).put("file", "../../etc/passwd"); return n; },
                n -> { ((ObjectNode) n.get("spec")).put("depths", 3); return n; },
                n -> { ((ObjectNode) n.get("preprocessing")).putArray("mean").add(0.1).add(0.2); return n; });
        for (UnaryOperator<ObjectNode> breakage : breakages) {
            ObjectNode node = (ObjectNode) Json.parse(good);
            Files.writeString(file, Json.pretty(breakage.apply(node)));
            TinyVitException e = assertThrows(TinyVitException.class, () -> ZooFolder.read(folder), node.toString());
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        Files.writeString(file, "{\"formatVersion\": 1,");
        TinyVitException e = assertThrows(TinyVitException.class, () -> ZooFolder.read(folder));
        assertTrue(e.getMessage().startsWith(file + ": not valid JSON"), e.getMessage());
    }

    @Test
    void scanListsModelsByNameAndReportsFoldersItCannotRead() throws IOException {
        ZooFixture.install(zoo(), work, "b-model");
        ZooFixture.install(zoo(), work, "a-model");
        Files.createDirectories(zoo().resolve("half-copied"));
        Files.createDirectories(zoo().resolve(".tmp-ignored"));
        Catalog.Listing listing = ZooFolder.scan(zoo());
        assertEquals(List.of("a-model", "b-model"), listing.models().stream().map(ZooItem::name).toList());
        assertEquals(1, listing.problems().size());
        assertTrue(listing.problems().get(0).startsWith(zoo().resolve("half-copied") + ": not a zoo model"), listing.problems().get(0));
    }

    @Test
    void theCatalogPutsThePresetsFirstAndNamesTheirWeights() {
        ZooFixture.install(zoo(), work, "tiny-fashion");
        List<String> names = Catalog.list(zoo()).models().stream().map(ZooItem::name).toList();
        assertEquals(List.of("tinyvit-5m", "tinyvit-11m", "tinyvit-21m", "tinyvit-21m-384", "tinyvit-21m-512", "tiny-fashion"), names);
        ZooItem preset = Catalog.find(zoo(), "tinyvit-5m");
        assertEquals(new Preprocessing(235, 224, 3, Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD), preset.entry().preprocessing());
        assertEquals("class 999", preset.entry().classes().get(999));
        assertNull(preset.weights());
        assertEquals(384, Catalog.find(zoo(), "tinyvit-21m-384").entry().preprocessing().resize());
        TinyVitException e = assertThrows(TinyVitException.class, () -> Catalog.find(zoo(), "tinyvit-6m"));
        assertTrue(e.getMessage().startsWith("no zoo model 'tinyvit-6m': presets are tinyvit-5m"), e.getMessage());
        assertTrue(e.getMessage().contains("holds tiny-fashion"), e.getMessage());
    }

    @Test
    void theDefaultLocationFollowsTheSystemProperty() {
        System.setProperty(ZooFolder.PROPERTY, work.toString());
        assertEquals(work, ZooFolder.defaultLocation());
        System.clearProperty(ZooFolder.PROPERTY);
        if (System.getenv(ZooFolder.ENV) == null) {
            assertEquals(Path.of(System.getProperty("user.home"), ".tinyvit", "zoo"), ZooFolder.defaultLocation());
        }
    }

    @Test
    void preprocessingReadsBackFromItsJson() {
        Preprocessing p = Preprocessing.ofTraining(56, new float[] {0.1f, 0.2f, 0.3f}, new float[] {0.5f, 0.25f, 0.125f});
        assertEquals(p, Preprocessing.fromJson(p.toJson(), "test"));
        assertEquals(List.of(0.1, 0.2, 0.3), p.mean());
        TinyVitException e = assertThrows(TinyVitException.class, () -> new Preprocessing(20, 28, 1, List.of(0.5), List.of(0.5)));
        assertEquals("preprocessing field 'resize': must be at least crop 28, got 20", e.getMessage());
    }
}
