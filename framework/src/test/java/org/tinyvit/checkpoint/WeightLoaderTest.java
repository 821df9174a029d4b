package org.tinyvit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.SafeTensors;
import org.tinyvit.model.NamedParameters;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.tinyvit.Presets;
import org.tinyvit.model.tinyvit.TinyVitSpec;

class WeightLoaderTest {
    private static final TinyVitSpec SMALL = Presets.get("tinyvit-5m").withInChans(1).withNumClasses(10).withImgSize(56);

    @TempDir
    Path dir;

    @Test
    void timmStateDictHas269TensorsForTheSmallestPreset() {
        try (StudentModel m = StudentModel.create(Presets.get("tinyvit-5m"))) {
            assertEquals(269, NamedParameters.of(m.block()).size());
        }
    }

    @Test
    void checkpointReadsBackBitExactly() {
        try (StudentModel a = StudentModel.create(SMALL)) {
            randomise(a);
            Checkpoint.save(dir, a);
            try (StudentModel b = Checkpoint.load(dir)) {
                assertEquals(SMALL, b.block().spec());
                Map<String, Parameter> pa = NamedParameters.of(a.block());
                Map<String, Parameter> pb = NamedParameters.of(b.block());
                for (String name : pa.keySet()) {
                    assertArrayEquals(pa.get(name).getArray().toFloatArray(), pb.get(name).getArray().toFloatArray(), 0f, name);
                }
                NDArray x = a.manager().randomNormal(new Shape(2, 1, 56, 56));
                assertArrayEquals(run(a, x), run(b, x), 0f);
            }
        }
    }

    @Test
    void referenceNamesLoadLikeTimmNames() {
        try (StudentModel a = StudentModel.create(SMALL); StudentModel b = StudentModel.create(SMALL)) {
            randomise(a);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            NamedParameters.of(a.block()).forEach((name, p) -> tensors.put(toReference(name), p.getArray()));
            tensors.put("layers.1.blocks.0.attn.attention_bias_idxs", a.manager().zeros(new Shape(49, 49)));
            tensors.put("patch_embed.seq.0.bn.num_batches_tracked", a.manager().zeros(new Shape()));
            Path file = dir.resolve("reference.safetensors");
            SafeTensors.write(file, tensors, Map.of());
            WeightLoader.load(b.block(), file);
            NDArray x = a.manager().randomNormal(new Shape(2, 1, 56, 56));
            assertArrayEquals(run(a, x), run(b, x), 0f);
        }
    }

    @Test
    void missingUnexpectedAndMisshapedTensorsAreListedTogether() {
        try (StudentModel a = StudentModel.create(SMALL); StudentModel b = StudentModel.create(SMALL.withNumClasses(7))) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            NamedParameters.of(a.block()).forEach((name, p) -> tensors.put(name, p.getArray()));
            tensors.remove("stages.1.blocks.0.mlp.fc1.bias");
            tensors.put("extra.weight", a.manager().zeros(new Shape(3)));
            Path file = dir.resolve("w.safetensors");
            SafeTensors.write(file, tensors, Map.of());
            TinyVitException e = assertThrows(TinyVitException.class, () -> WeightLoader.load(b.block(), file));
            String msg = e.getMessage();
            assertTrue(msg.contains("missing 1 [stages.1.blocks.0.mlp.fc1.bias]"), msg);
            assertTrue(msg.contains("unexpected 1 [extra.weight]"), msg);
            assertTrue(msg.contains("mis-shaped 2 [head.fc.weight [10, 320] vs model [7, 320], head.fc.bias [10] vs model [7]]"), msg);
        }
    }

    @Test
    void biasTableIsResizedBicubicallyWhenWindowsDiffer() {
        TinyVitSpec wide = new TinyVitSpec(SMALL.embedDims(), SMALL.depths(), SMALL.numHeads(), new int[] {7, 7, 14, 7},
                4, 4, 3, 56, 1, 10, 0);
        TinyVitSpec narrow = new TinyVitSpec(SMALL.embedDims(), SMALL.depths(), SMALL.numHeads(), new int[] {7, 7, 7, 7},
                4, 4, 3, 56, 1, 10, 0);
        try (StudentModel a = StudentModel.create(narrow); StudentModel b = StudentModel.create(wide)) {
            NamedParameters.of(a.block()).forEach((name, p) -> {
                if (name.endsWith("attention_biases")) {
                    long heads = p.getShape().get(0);
                    float[] v = new float[(int) p.getShape().size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = i / 49; // one constant per head
                    }
                    p.getArray().set(v);
                }
            });
            Checkpoint.save(dir, a);
            WeightLoader.load(b.block(), SafeTensors.open(dir.resolve(Checkpoint.WEIGHTS_FILE)));
            float[] resized = NamedParameters.of(b.block()).get("stages.2.blocks.0.attn.attention_biases").getArray().toFloatArray();
            assertEquals(5 * 196, resized.length);
            for (int i = 0; i < resized.length; i++) {
                assertEquals(i / 196, resized[i], 1e-5, "bicubic resizing keeps a constant table constant");
            }
        }
    }

    @Test
    void resizingAGridFollowsBicubicInterpolation() {
        try (NDManager m = NDManager.newBaseManager()) {
            // A 2x2 grid of one head doubled to 4x4: align_corners=false bicubic (A=-0.75) keeps the mean
            NDArray grid = m.create(new float[] {0, 1, 2, 3}, new Shape(1, 4));
            float[] out = WeightLoader.resizeBiasTable(grid, new Shape(1, 16)).toFloatArray();
            double mean = 0;
            for (float v : out) {
                mean += v / 16.0;
            }
            assertEquals(1.5, mean, 1e-5);
            assertTrue(out[0] < out[3] && out[0] < out[12], "values grow along both axes");
        }
    }

    @Test
    void checkpointWithAnotherSpecIsRefused() throws Exception {
        try (StudentModel a = StudentModel.create(SMALL)) {
            Checkpoint.save(dir, a);
            Checkpoint.writeSpec(SMALL.withNumClasses(5), dir.resolve(Checkpoint.SPEC_FILE));
            TinyVitException e = assertThrows(TinyVitException.class, () -> Checkpoint.load(dir));
            assertTrue(e.getMessage().contains("another spec"), e.getMessage());
        }
    }

    @Test
    void weightsOfAnotherFormatVersionAreRefusedAndForeignFormatsPass() {
        Path file = dir.resolve(Checkpoint.WEIGHTS_FILE);
        java.util.Map<String, String> meta = new java.util.HashMap<>(java.util.Map.of(
                "format", Checkpoint.FORMAT, "formatVersion", "99", "spec", SMALL.key()));
        TinyVitException e = assertThrows(TinyVitException.class, () -> Checkpoint.checkWeightsMetadata(file, meta, SMALL));
        assertEquals(file + ": " + Checkpoint.FORMAT + " version 99 is not supported (expected " + Checkpoint.FORMAT_VERSION + ")",
                e.getMessage());
        meta.put("formatVersion", Checkpoint.FORMAT_VERSION);
        Checkpoint.checkWeightsMetadata(file, meta, SMALL);
        assertThrows(TinyVitException.class, () -> Checkpoint.checkWeightsMetadata(file, meta, SMALL.withNumClasses(5)));
        Checkpoint.checkWeightsMetadata(file, java.util.Map.of("format", "pt"), SMALL);
    }

    static String toReference(String timm) {
        String n = timm.replace("patch_embed.conv1.", "patch_embed.seq.0.").replace("patch_embed.conv2.", "patch_embed.seq.2.")
                .replace(".conv.weight", ".c.weight");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^stages\\.(\\d+)\\.downsample\\.").matcher(n);
        if (m.find()) {
            n = m.replaceFirst("layers." + (Integer.parseInt(m.group(1)) - 1) + ".downsample.");
        }
        n = n.replaceFirst("^stages\\.", "layers.").replaceFirst("^head\\.norm\\.", "norm_head.");
        return n.replace("head.fc.", "head.");
    }

    static void randomise(StudentModel model) {
        NDManager m = model.manager();
        NamedParameters.of(model.block()).forEach((name, p) -> {
            NDArray v = m.randomUniform(0.5f, 1.5f, p.getArray().getShape());
            if (!name.endsWith("running_var")) {
                v = v.sub(1f);
            }
            p.getArray().set(v.toFloatArray());
        });
    }

    static float[] run(StudentModel model, NDArray x) {
        return model.block().apply(new ParameterStore(model.manager(), false), x, false).toFloatArray();
    }
}
