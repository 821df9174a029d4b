package org.tinyvit.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.TinyVitException;
import org.tinyvit.checkpoint.Checkpoint;
import org.tinyvit.io.SafeTensors;
import org.tinyvit.model.NamedParameters;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.tinyvit.Presets;
import org.tinyvit.model.tinyvit.TinyVit;
import org.tinyvit.model.tinyvit.TinyVitSpec;

class ZooCriteriaTest {
    private static final String NAME = "tiny-fashion";

    @TempDir
    Path work;
    Path zoo;

    @BeforeEach
    void installTinyModel() {
        zoo = work.resolve("zoo");
        System.setProperty(ZooFolder.PROPERTY, zoo.toString());
        ZooFixture.install(zoo, work, NAME);
    }

    @AfterEach
    void clearLocation() {
        System.clearProperty(ZooFolder.PROPERTY);
    }

    private static Criteria.Builder<Image, Classifications> images() {
        return Criteria.builder().setTypes(Image.class, Classifications.class);
    }

    @Test
    void theZooListsThePresetsAndTheInstalledModels() {
        ModelZoo tinyvit = ModelZoo.getModelZoo(TinyVitModelZoo.GROUP_ID);
        List<String> ids = tinyvit.getModelLoaders().stream().map(ModelLoader::getArtifactId).toList();
        List<String> expected = new ArrayList<>(Presets.names());
        expected.add(NAME);
        assertEquals(expected, ids);
        assertEquals(NAME, tinyvit.getModelLoader(NAME).getArtifactId());
        long listed = ModelZoo.listModels(images().optGroupId(TinyVitModelZoo.GROUP_ID).build()).values().stream()
                .mapToLong(List::size).sum();
        assertEquals(6, listed);
    }

    @Test
    void aTrainedModelLoadsThroughADjlUrlWithItsTinyVitBlockAndWeights() throws Exception {
        try (ZooModel<Image, Classifications> model = images().optModelUrls("djl://org.tinyvit/" + NAME).build().loadModel();
                StudentModel saved = Checkpoint.load(work.resolve("ckpt-" + NAME))) {
            TinyVit block = assertInstanceOf(TinyVit.class, model.getBlock());
            assertEquals(ZooFixture.TINY, block.spec());
            Map<String, Parameter> loaded = NamedParameters.of(block);
            NamedParameters.of(saved.block()).forEach((name, p) ->
                    assertArrayEquals(p.getArray().toFloatArray(), loaded.get(name).getArray().toFloatArray(), name));
            assertEquals(ZooFixture.TINY.key(), model.getProperty("spec"));
        }
    }

    @Test
    void theGroupArtifactAndFilterFormsFindTheSameModel() throws Exception {
        List<Criteria<Image, Classifications>> forms = List.of(
                images().optGroupId(TinyVitModelZoo.GROUP_ID).optArtifactId(NAME).build(),
                images().optArtifactId(TinyVitModelZoo.GROUP_ID + ":" + NAME).build(),
                images().optGroupId(TinyVitModelZoo.GROUP_ID).optFilter("kind", "trained").build(),
                images().optGroupId(TinyVitModelZoo.GROUP_ID).optFilter("name", NAME).optFilter("inChans", "1").build());
        for (Criteria<Image, Classifications> criteria : forms) {
            try (ZooModel<Image, Classifications> model = criteria.loadModel()) {
                assertEquals(NAME, model.getName(), criteria.toString());
            }
        }
    }

    @Test
    void predictionsEqualRunningTheBlockOnTheNormalisedPixels() throws Exception {
        int n = 4;
        Random random = new Random(11);
        List<Image> images = new ArrayList<>();
        float[] expectedInput = new float[n * 28 * 28];
        for (int i = 0; i < n; i++) {
            int[] argb = new int[28 * 28];
            for (int p = 0; p < argb.length; p++) {
                int v = random.nextInt(256);
                argb[p] = 0xff000000 | v << 16 | v << 8 | v;
                expectedInput[i * 784 + p] = (v / 255f - ZooFixture.MEAN[0]) / ZooFixture.STD[0];
            }
            images.add(ImageFactory.getInstance().fromPixels(argb, 28, 28));
        }
        float[] expected;
        try (StudentModel saved = Checkpoint.load(work.resolve("ckpt-" + NAME))) {
            NDManager m = saved.manager();
            expected = saved.block().apply(new ParameterStore(m, false), m.create(expectedInput, new Shape(n, 1, 28, 28)), false)
                    .softmax(1).toFloatArray();
        }
        try (ZooModel<Image, Classifications> model = images().optModelUrls("djl://org.tinyvit/" + NAME).build().loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            List<Classifications> results = predictor.batchPredict(images);
            for (int i = 0; i < n; i++) {
                Classifications c = results.get(i);
                assertEquals(org.tinyvit.data.FashionMnist.CLASSES, c.getClassNames());
                for (int k = 0; k < 10; k++) {
                    assertEquals(expected[i * 10 + k], c.getProbabilities().get(k), 1e-6, "image " + i + " class " + k);
                }
                assertEquals(5, c.topK().size());
            }
        }
    }

    @Test
    void rawTensorsInGiveTheBlocksLogitsOut() throws Exception {
        try (ZooModel<NDList, NDList> model = Criteria.builder().setTypes(NDList.class, NDList.class)
                        .optGroupId(TinyVitModelZoo.GROUP_ID).optArtifactId(NAME).build().loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(3, 1, 28, 28));
            NDArray logits = predictor.predict(new NDList(x)).singletonOrThrow();
            NDArray direct = StudentModel.of(model).logits(x);
            assertArrayEquals(new long[] {3, 10}, logits.getShape().getShape());
            assertArrayEquals(direct.toFloatArray(), logits.toFloatArray(), 0f);
        }
    }

    @Test
    void aColourImageIsMadeGreyForAOneChannelModel() throws Exception {
        int[] colour = new int[28 * 28];
        int[] grey = new int[28 * 28];
        Random random = new Random(5);
        for (int p = 0; p < colour.length; p++) {
            int r = random.nextInt(256);
            int g = random.nextInt(256);
            int b = random.nextInt(256);
            colour[p] = 0xff000000 | r << 16 | g << 8 | b;
            int y = Math.round(0.299f * r + 0.587f * g + 0.114f * b);
            grey[p] = 0xff000000 | y << 16 | y << 8 | y;
        }
        try (ZooModel<Image, Classifications> model = images().optModelUrls("djl://org.tinyvit/" + NAME).build().loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            ImageFactory images = ImageFactory.getInstance();
            assertEquals(predictor.predict(images.fromPixels(grey, 28, 28)).getProbabilities(),
                    predictor.predict(images.fromPixels(colour, 28, 28)).getProbabilities());
        }
    }

    @Test
    void aLargeImageIsResizedByItsShorterSideAndCentreCropped() {
        Preprocessing imageNet = Preprocessing.imageNet(224, 0.95);
        int[] pixels = new int[640 * 480];
        java.util.Arrays.fill(pixels, 0xff000000 | 200 << 16 | 100 << 8 | 50);
        Image photo = ImageFactory.getInstance().fromPixels(pixels, 640, 480);
        for (Image.Interpolation mode : List.of(Image.Interpolation.BICUBIC, Image.Interpolation.BILINEAR)) {
            ZooImageTranslator translator = new ZooImageTranslator(imageNet, mode, Catalog.numberedClasses(1000));
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray x = translator.preprocess(photo, manager);
                assertArrayEquals(new long[] {3, 224, 224}, x.getShape().getShape());
                float[] values = x.toFloatArray();
                int[] rgb = {200, 100, 50};
                for (int c = 0; c < 3; c++) {
                    float want = (float) ((rgb[c] / 255.0 - imageNet.mean().get(c)) / imageNet.std().get(c));
                    assertEquals(want, values[c * 224 * 224], 1e-4f);
                    assertEquals(want, values[c * 224 * 224 + 224 * 224 - 1], 1e-4f);
                }
            }
        }
    }

    @Test
    void aPresetWithoutWeightsIsRefusedWithHowToSupplyThem() {
        Criteria<Image, Classifications> criteria = images().optModelUrls("djl://org.tinyvit/tinyvit-5m").build();
        TinyVitException e = assertThrows(TinyVitException.class, criteria::loadModel);
        assertTrue(e.getMessage().contains("optArgument(\"weights\""), e.getMessage());
        assertTrue(e.getMessage().contains("timm/tiny_vit_5m_224.in1k"), e.getMessage());
    }

    @Test
    void aPresetLoadsATimmStyleWeightsFileAndASynset() throws Exception {
        TinyVitSpec spec = Presets.get("tinyvit-5m");
        Path weights = work.resolve("model.safetensors");
        Path synset = work.resolve("synset.txt");
        Files.write(synset, IntStream.range(0, 1000).mapToObj(i -> "n" + i).toList());
        Map<String, float[]> saved = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            NamedParameters.of(new TinyVit(spec)).forEach((name, p) -> {
                NDArray value = manager.randomUniform(-0.1f, 0.1f, p.getShape());
                saved.put(name, value.toFloatArray());
                tensors.put(name, value);
            });
            SafeTensors.write(weights, tensors, Map.of("format", "pt"));
        }
        Criteria<Image, Classifications> criteria = images().optModelUrls("djl://org.tinyvit/tinyvit-5m")
                .optArgument("weights", weights.toString()).optArgument("synset", synset.toString()).build();
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            Map<String, Parameter> loaded = NamedParameters.of(model.getBlock());
            saved.forEach((name, values) -> assertArrayEquals(values, loaded.get(name).getArray().toFloatArray(), name));
            Image photo = ImageFactory.getInstance().fromPixels(new int[300 * 260], 300, 260);
            Classifications result = predictor.predict(photo);
            assertEquals(1000, result.getClassNames().size());
            assertEquals("n999", result.getClassNames().get(999));
        }
    }

    @Test
    void aCorruptedWeightsFileIsRefusedWhenLoading() throws Exception {
        Path weights = zoo.resolve(NAME).resolve(Checkpoint.WEIGHTS_FILE);
        try (RandomAccessFile f = new RandomAccessFile(weights.toFile(), "rw")) {
            f.seek(f.length() - 1);
            f.write(0x7f);
        }
        Criteria<Image, Classifications> criteria = images().optModelUrls("djl://org.tinyvit/" + NAME).build();
        TinyVitException e = assertThrows(TinyVitException.class, criteria::loadModel);
        assertTrue(e.getMessage().startsWith(weights + ": SHA-256"), e.getMessage());
    }

    @Test
    void weightsOfAnotherModelAreRefused() {
        Path tinyWeights = zoo.resolve(NAME).resolve(Checkpoint.WEIGHTS_FILE);
        Criteria<Image, Classifications> checkpoint = images().optModelUrls("djl://org.tinyvit/tinyvit-5m")
                .optArgument("weights", tinyWeights.toString()).build();
        TinyVitException e = assertThrows(TinyVitException.class, checkpoint::loadModel);
        assertTrue(e.getMessage().startsWith(tinyWeights + ": weights were written for another spec"), e.getMessage());
    }

    @Test
    void argumentsInTheUrlsQueryReachTheModel() throws Exception {
        Path synset = Files.write(work.resolve("names.txt"), IntStream.range(0, 10).mapToObj(i -> "garment " + i).toList());
        try (ZooModel<Image, Classifications> model = images().optModelUrls("djl://org.tinyvit/" + NAME + "?synset=" + synset).build().loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            Classifications result = predictor.predict(ImageFactory.getInstance().fromPixels(new int[28 * 28], 28, 28));
            assertEquals("garment 9", result.getClassNames().get(9));
        }
    }

    @Test
    void djlUrlsOfOtherGroupsAreLeftToDjlsOnlineRepository() {
        DjlUrlRepositoryFactory factory = new DjlUrlRepositoryFactory();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> factory.newInstance("other", java.net.URI.create("djl://com.example.nozoo/resnet")));
        assertEquals("ModelZoo not found in classpath: com.example.nozoo", e.getMessage());
    }

    @Test
    void anUnknownModelIsRefusedWithWhatTheZooHolds() {
        TinyVitException e = assertThrows(TinyVitException.class, () -> images().optModelUrls("djl://org.tinyvit/no-such-model"));
        assertTrue(e.getMessage().contains("holds " + NAME), e.getMessage());
    }
}
