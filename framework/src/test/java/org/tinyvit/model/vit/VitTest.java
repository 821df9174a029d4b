package org.tinyvit.model.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.TinyVitException;
import org.tinyvit.checkpoint.Checkpoint;
import org.tinyvit.distill.Teacher;
import org.tinyvit.model.Families;
import org.tinyvit.model.NamedParameters;
import org.tinyvit.model.StudentModel;

class VitTest {
    /** DeiT-Tiny / ViT-Ti/16: timm's deit_tiny_patch16_224 has 5,717,416 parameters. */
    static final VitSpec DEIT_TINY = new VitSpec(16, 192, 12, 3, 4.0, 224, 3, 1000);

    @Test
    void deitTinyParameterCountMatchesTimmOnTheBlockAndInTheCostModel() {
        assertEquals(5_717_416L, Families.params(DEIT_TINY));
        try (StudentModel model = StudentModel.create(DEIT_TINY)) {
            assertEquals(5_717_416L, NamedParameters.countTrainable(model.block()));
        }
        // 196 patches + class token: fvcore reports 1.26 GMACs for DeiT-Tiny (it also counts the
        // attention products); this model counts them too.
        assertEquals(1.26e9, Families.macs(DEIT_TINY), 0.01e9);
    }

    @Test
    void forwardGivesClassLogitsAndCheckpointsRoundTrip(@TempDir Path dir) {
        VitSpec spec = new VitSpec(7, 32, 2, 2, 2.0, 28, 1, 10);
        try (StudentModel model = StudentModel.create(spec); NDManager m = NDManager.newBaseManager()) {
            assertEquals(NamedParameters.countTrainable(model.block()), Families.params(spec));
            NDArray x = m.randomNormal(new Shape(3, 1, 28, 28));
            float[] before = model.block().apply(new ParameterStore(m, false), x, false).toFloatArray();
            assertEquals(30, before.length);
            Checkpoint.save(dir, model);
            assertEquals(spec, Checkpoint.readStudentSpec(dir));
            try (StudentModel again = Checkpoint.load(dir)) {
                float[] after = again.block().apply(new ParameterStore(m, false), x, false).toFloatArray();
                assertArrayEquals(before, after, 1e-6f);
            }
            assertThrows(TinyVitException.class, () -> Teacher.load(dir), "a ViT checkpoint is refused where a TinyViT is needed");
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
