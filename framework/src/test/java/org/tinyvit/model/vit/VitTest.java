package org.tinyvit.model.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.TinyVitException;
import org.tinyvit.checkpoint.Checkpoint;
import org.tinyvit.distill.Teacher;
import org.tinyvit.model.Described;
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
    void describeShowsPatchesTokensAndClassLogits() {
        VitSpec spec = new VitSpec(7, 32, 2, 2, 2.0, 28, 1, 10);
        try (StudentModel model = StudentModel.create(spec)) {
            String described = Blocks.describe(model.block(), "vit", 0);
            // 16 patches of 7 × 7 × 1 values, then 17 tokens with the class token.
            assertEquals(List.of(
                    "patch_embed (1, 1, 28, 28) -> (1, 16, 32)",
                    "blocks (1, 17, 32) -> (1, 17, 32)",
                    "norm (1, 17, 32) -> (1, 17, 32)",
                    "head (1, 32) -> (1, 10)"), Described.blocksAt(described, 1));
            assertEquals(List.of(
                    "norm1 (1, 17, 32) -> (1, 17, 32)",
                    "attn (1, 17, 32) -> (1, 17, 32)",
                    "norm2 (1, 17, 32) -> (1, 17, 32)",
                    "mlp (1, 17, 32) -> (1, 17, 32)"), Described.blocksAt(described, 3).subList(0, 4));
            assertTrue(described.contains("\t\t\t\tqkv(1, 17, 32) -> (1, 17, 96)\n\t\t\t\tproj(1, 17, 32) -> (1, 17, 32)\n"), described);
            assertTrue(model.model().getBlock().toString().startsWith("Vit(1, 1, 28, 28) {\n\tpatch_embed(1, 1, 28, 28) {\n\t\tproj(1, 16, 49) -> (1, 16, 32)"));
        }
    }

    @Test
    void reportedOutputShapeIsTheForwardPassShape() {
        try (StudentModel model = StudentModel.create(DEIT_TINY); NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(3, 3, 224, 224));
            Shape logits = model.block().apply(new ParameterStore(m, false), x, false).getShape();
            assertEquals(new Shape(3, 1000), logits);
            assertEquals(logits, model.block().getOutputShapes(new Shape[] {x.getShape()})[0]);
            assertTrue(Blocks.describe(model.block(), "deit", 0).endsWith("\thead(1, 192) -> (1, 1000)\n} -> (1, 1000)"));
        }
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
