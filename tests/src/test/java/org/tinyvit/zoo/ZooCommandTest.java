package org.tinyvit.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.tinyvit.cli.CommandLineTest.tinyvit;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.checkpoint.Checkpoint;
import org.tinyvit.cli.CommandLineTest.Result;
import org.tinyvit.data.Augmentation;
import org.tinyvit.data.FashionMnist;
import org.tinyvit.data.ImageSet;
import org.tinyvit.examples.ClassifyFashionMnist;
import org.tinyvit.io.Json;
import org.tinyvit.model.NamedParameters;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.tinyvit.CostModel;
import org.tinyvit.model.tinyvit.Presets;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import tools.jackson.databind.JsonNode;

class ZooCommandTest {
    /** Longer than every preset name, so the list has to widen its name column. */
    private static final String NAME = "tiny-fashion-mnist-for-the-zoo-test";
    private static final TinyVitSpec TINY = new TinyVitSpec(new int[] {16, 32, 32, 32}, new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1},
            new int[] {7, 7, 7, 7}, 4.0, 4.0, 3, 28, 1, 10, 0.0);
    private static final float MEAN = 0.286f;
    private static final float STD = 0.353f;

    @TempDir
    Path dir;
    Path checkpoint;

    @BeforeEach
    void installTinyModel() {
        System.setProperty(ZooFolder.PROPERTY, dir.resolve("zoo").toString());
        checkpoint = dir.resolve("ckpt");
        saveRandomised(TINY, checkpoint);
        ZooEntry entry = new ZooEntry(NAME, "tiny test model", TINY,
                Preprocessing.ofTraining(28, new float[] {MEAN}, new float[] {STD}), FashionMnist.CLASSES, 0.125, null);
        ZooFolder.install(dir.resolve("zoo"), entry, checkpoint);
    }

    /**
     * A model whose output depends visibly on its input: BatchNorm scales and attention biases drawn
     * away from their initial values, and a classifier large enough that the probabilities move.
     */
    private static void saveRandomised(TinyVitSpec spec, Path folder) {
        try (StudentModel model = StudentModel.create(spec)) {
            NamedParameters.of(model.block()).forEach((name, p) -> {
                if (name.endsWith("bn.weight") || name.endsWith("attention_biases")) {
                    p.getArray().set(model.manager().randomUniform(0.5f, 1.5f, p.getArray().getShape()).toFloatArray());
                } else if (name.startsWith("head") && name.endsWith("weight") && p.getArray().getShape().dimension() == 2) {
                    p.getArray().set(model.manager().randomUniform(-2f, 2f, p.getArray().getShape()).toFloatArray());
                }
            });
            Checkpoint.save(folder, model);
        }
    }

    @AfterEach
    void clearLocation() {
        System.clearProperty(ZooFolder.PROPERTY);
    }

    @Test
    void listShowsThePresetsThenTheInstalledModels() {
        Result r = tinyvit("zoo", "list", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode models = Json.parse(r.out()).get("models");
        List<String> names = new ArrayList<>();
        models.forEach(m -> names.add(m.get("name").asString()));
        List<String> expected = new ArrayList<>(Presets.names());
        expected.add(NAME);
        assertEquals(expected, names);
        assertEquals("preset", models.get(0).get("kind").asString());
        assertEquals(5_392_764L, models.get(0).get("params").longValue());
        assertEquals("trained", models.get(5).get("kind").asString());
        assertEquals(0.125, models.get(5).get("testAccuracy").doubleValue());

        Result text = tinyvit("zoo", "list");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith(NAME + " ") && l.contains("28x28x1")), text.out());
        List<String> rows = text.out().lines().skip(1).toList();
        int kindColumn = rows.get(0).indexOf("KIND");
        for (String row : rows.subList(1, rows.size())) {
            assertTrue(row.startsWith("preset", kindColumn) || row.startsWith("trained", kindColumn), "columns out of line:\n" + text.out());
        }
    }

    @Test
    void showReportsSpecCostsAccuracyAndTheVerifiedWeights() {
        Result r = tinyvit("zoo", "show", NAME, "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = Json.parse(r.out());
        assertEquals(CostModel.of(TINY).params(), json.get("params").longValue());
        assertEquals(CostModel.of(TINY).macs(), json.get("macs").longValue());
        assertEquals(0.125, json.get("testAccuracy").doubleValue());
        assertEquals(WeightsFile.of(checkpoint.resolve(Checkpoint.WEIGHTS_FILE)).sha256(), json.get("weights").get("sha256").asString());
        assertEquals(TINY.key(), Json.compact(json.get("spec")));
        assertEquals("T-shirt/top", json.get("classes").get(0).asString());
        assertEquals("djl://org.tinyvit/" + NAME, json.get("url").asString());

        Result preset = tinyvit("zoo", "show", "tinyvit-21m");
        assertEquals(0, preset.code(), preset.err());
        assertTrue(preset.out().contains("21,198,568"), preset.out());
        assertTrue(preset.out().contains("timm/tiny_vit_21m_224.in1k"), preset.out());
    }

    @Test
    void predictPrintsTheTopFiveClassesOfEachImageAsTheModelComputesThem() throws IOException {
        Random random = new Random(3);
        List<Path> files = new ArrayList<>();
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            float[] input = new float[28 * 28];
            for (int p = 0; p < input.length; p++) {
                int v = random.nextInt(256);
                grey.getRaster().setSample(p % 28, p / 28, 0, v);
                input[p] = (v / 255f - MEAN) / STD;
            }
            Path file = dir.resolve("image-" + i + ".png");
            ImageIO.write(grey, "png", file.toFile());
            files.add(file);
            inputs.add(input);
        }
        Result r = tinyvit("zoo", "predict", NAME, files.get(0).toString(), files.get(1).toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode predictions = Json.parse(r.out()).get("predictions");
        assertEquals(2, predictions.size());
        try (StudentModel model = Checkpoint.load(checkpoint)) {
            for (int i = 0; i < 2; i++) {
                float[] probabilities = probabilities(model, inputs.get(i));
                JsonNode top = predictions.get(i).get("top");
                assertEquals(files.get(i).toString(), predictions.get(i).get("image").asString());
                assertEquals(5, top.size());
                double previous = 1;
                for (JsonNode c : top) {
                    int index = FashionMnist.CLASSES.indexOf(c.get("class").asString());
                    assertEquals(probabilities[index], c.get("probability").doubleValue(), 1e-6);
                    assertTrue(c.get("probability").doubleValue() <= previous);
                    previous = c.get("probability").doubleValue();
                }
            }
        }
    }

    @Test
    void userMistakesExitWithOneLine() throws IOException {
        Path notAnImage = Files.writeString(dir.resolve("notes.png"), "not a picture");
        String[][] mistakes = {
            {"zoo"},
            {"zoo", "show", "tinyvit-6m"},
            {"zoo", "predict", "tinyvit-5m", notAnImage.toString()},
            {"zoo", "predict", NAME, dir.resolve("missing.png").toString()},
            {"zoo", "predict", NAME, notAnImage.toString()},
        };
        for (String[] args : mistakes) {
            assertOneLineUserError(tinyvit(args), String.join(" ", args));
        }
        Path weights = dir.resolve("zoo").resolve(NAME).resolve(Checkpoint.WEIGHTS_FILE);
        try (RandomAccessFile f = new RandomAccessFile(weights.toFile(), "rw")) {
            f.seek(f.length() - 1);
            f.write(0x55);
        }
        Result corrupted = tinyvit("zoo", "show", NAME);
        assertOneLineUserError(corrupted, "corrupted weights");
        assertTrue(corrupted.err().contains(weights + ": SHA-256"), corrupted.err());
    }

    @Test
    void aPresetWithoutWeightsIsRefusedWithHowToGiveThem() throws IOException {
        BufferedImage photo = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Path file = dir.resolve("photo.png");
        ImageIO.write(photo, "png", file.toFile());
        Result r = tinyvit("zoo", "predict", "tinyvit-5m", file.toString());
        assertOneLineUserError(r, "preset without weights");
        assertTrue(r.err().contains("--weights FILE"), r.err());
    }

    @Test
    void theExampleProgramMatchesTheBlockOnFashionMnistTestImages() throws Exception {
        assumeTrue(Files.isDirectory(Path.of(FashionMnist.DEBIAN_DIR)), "needs Debian's dataset-fashion-mnist");
        int count = 100;
        ImageSet test = FashionMnist.load(null).test().head(count);
        float[] input = new float[count * 28 * 28];
        for (int i = 0; i < input.length; i++) {
            input[i] = ((test.pixels()[i] & 0xff) / 255f - MEAN) / STD;
        }
        int correct = 0;
        try (StudentModel model = Checkpoint.load(checkpoint)) {
            float[] probabilities = probabilities(model, input);
            for (int i = 0; i < count; i++) {
                int best = 0;
                for (int k = 1; k < 10; k++) {
                    best = probabilities[i * 10 + k] > probabilities[i * 10 + best] ? k : best;
                }
                correct += best == test.labels()[i] ? 1 : 0;
            }
        }
        assertEquals((double) correct / count, ClassifyFashionMnist.accuracy(NAME, null, count), 1e-12);
    }

    /**
     * A model trained on upsampled images (`--img-size 40`) predicts through the zoo what its
     * training evaluated: the zoo's bilinear resize of the 28-pixel file gives the same input as
     * the training's own resampling, so the probabilities agree.
     */
    @Test
    void anUpsampledModelPredictsWhatItsTrainingEvaluated() throws Exception {
        assumeTrue(Files.isDirectory(Path.of(FashionMnist.DEBIAN_DIR)), "needs Debian's dataset-fashion-mnist");
        int size = 40;
        TinyVitSpec spec = TINY.withImgSize(size);
        Path upsampled = dir.resolve("ckpt-" + size);
        saveRandomised(spec, upsampled);
        String name = "tiny-upsampled-for-the-zoo-test";
        ZooFolder.install(dir.resolve("zoo"), new ZooEntry(name, "tiny test model at 40 px", spec,
                Preprocessing.ofTraining(size, new float[] {MEAN}, new float[] {STD}), FashionMnist.CLASSES, 0.125, null), upsampled);
        ImageSet test = FashionMnist.load(null).test().head(3);
        Augmentation evaluation = Augmentation.of(Augmentation.Policy.NONE, size, new float[] {MEAN}, new float[] {STD});
        List<String> files = new ArrayList<>(List.of("zoo", "predict", name, "--json"));
        float[] input = new float[test.size() * size * size];
        for (int i = 0; i < test.size(); i++) {
            BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 28 * 28; p++) {
                grey.getRaster().setSample(p % 28, p / 28, 0, test.pixels()[i * 28 * 28 + p] & 0xff);
            }
            Path file = dir.resolve("test-" + i + ".png");
            ImageIO.write(grey, "png", file.toFile());
            files.add(file.toString());
            evaluation.eval(test, i, input, i * size * size);
        }
        Result r = tinyvit(files.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        JsonNode predictions = Json.parse(r.out()).get("predictions");
        try (StudentModel model = Checkpoint.load(upsampled); NDManager m = model.manager().newSubManager()) {
            float[] probabilities = model.logits(m.create(input, new Shape(test.size(), 1, size, size))).softmax(1).toFloatArray();
            assertTrue(Math.abs(probabilities[0] - probabilities[10]) > 1e-3, "the model's output must depend on its input");
            for (int i = 0; i < test.size(); i++) {
                for (JsonNode c : predictions.get(i).get("top")) {
                    int index = FashionMnist.CLASSES.indexOf(c.get("class").asString());
                    assertEquals(probabilities[i * 10 + index], c.get("probability").doubleValue(), 1e-5, "image " + i);
                }
            }
        }
    }

    /** Softmax of the block's logits for 28 × 28 grey images already normalised, [N * 10]. */
    private static float[] probabilities(StudentModel model, float[] input) {
        try (NDManager m = model.manager().newSubManager()) {
            return model.logits(m.create(input, new Shape(input.length / 784, 1, 28, 28))).softmax(1).toFloatArray();
        }
    }

    private static void assertOneLineUserError(Result r, String what) {
        String context = what + " -> " + r.err();
        assertEquals(2, r.code(), context);
        assertTrue(r.err().startsWith("tinyvit: "), context);
        assertEquals(1, r.err().strip().lines().count(), context);
        assertFalse(r.err().contains("\tat "), context);
    }
}
