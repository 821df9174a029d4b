package org.tinyvit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.Checkpoint;

class VitTest {
    /** DeiT-Tiny / ViT-Ti/16: timm's deit_tiny_patch16_224 has 5,717,416 parameters. */
    static final VitSpec DEIT_TINY = new VitSpec(16, 192, 12, 3, 4.0, 224, 3, 1000);

    @Test
    void deitTinyParameterCountMatchesTimmOnTheBlockAndInTheCostModel() {
        assertEquals(5_717_416L, Families.params(DEIT_TINY));
        try (Model model = StudentModels.create(DEIT_TINY)) {
            assertEquals(5_717_416L, NamedParameters.countTrainable(model.getBlock()));
        }
        // 196 patches + class token: fvcore reports 1.26 GMACs for DeiT-Tiny (it also counts the
        // attention products); this model counts them too.
        assertEquals(1.26e9, Families.macs(DEIT_TINY), 0.01e9);
    }

    @Test
    void forwardGivesClassLogitsAndCheckpointsRoundTrip(@TempDir Path dir) {
        VitSpec spec = new VitSpec(7, 32, 2, 2, 2.0, 28, 1, 10);
        try (Model model = StudentModels.create(spec); NDManager m = NDManager.newBaseManager()) {
            assertEquals(NamedParameters.countTrainable(model.getBlock()), Families.params(spec));
            NDArray x = m.randomNormal(new Shape(3, 1, 28, 28));
            float[] before = StudentModels.block(model).apply(new ParameterStore(m, false), x, false).toFloatArray();
            assertEquals(30, before.length);
            Checkpoint.save(dir, model);
            assertEquals(spec, Checkpoint.readStudentSpec(dir));
            try (Model again = Checkpoint.load(dir)) {
                float[] after = StudentModels.block(again).apply(new ParameterStore(m, false), x, false).toFloatArray();
                assertArrayEquals(before, after, 1e-6f);
            }
            assertThrows(TinyVitException.class, () -> Checkpoint.readSpec(dir));
        }
        assertEquals(spec, Families.parse(spec.key(), "test"));
    }

    @Test
    void refusesBadSpecs() throws Exception {
        assertEquals("spec field 'imgSize': must be a positive multiple of patchSize 16, got 28",
                assertThrows(TinyVitException.class, () -> new VitSpec(16, 192, 12, 3, 4, 28, 1, 10)).getMessage());
        assertEquals("x.json: unknown ViT spec field 'width' (known: family, patchSize, embedDim, depth, numHeads, mlpRatio, imgSize, inChans, numClasses)",
                assertThrows(TinyVitException.class, () -> Families.parse("{\"family\":\"vit\",\"width\":3}", "x.json")).getMessage());
        assertEquals("x.json: unknown model family 'resnet' (known: tinyvit, vit)",
                assertThrows(TinyVitException.class, () -> Families.parse("{\"family\":\"resnet\"}", "x.json")).getMessage());
    }
}
