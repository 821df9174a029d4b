package org.tinyvit.model.tinyvit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tinyvit.model.Described;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.layers.ModuleBlock;

/** Shapes that the blocks report to DJL (describe, toString) against the shapes a forward pass gives. */
class TinyVitShapesTest {

    @Test
    void describeShowsEveryStageWithItsOutputShape() {
        try (StudentModel model = StudentModel.create(Presets.get("tinyvit-5m"))) {
            String described = Blocks.describe(model.block(), "tinyvit", 0);
            assertTrue(described.startsWith("tinyvit(1, 3, 224, 224) {"), described);
            assertTrue(described.endsWith("} -> (1, 1000)"), described);
            assertEquals(List.of(
                    "patch_embed (1, 3, 224, 224) -> (1, 64, 56, 56)",
                    "stages (1, 64, 56, 56) -> (1, 320, 7, 7)",
                    "head (1, 320, 7, 7) -> (1, 1000)"), Described.blocksAt(described, 1));
            assertEquals(List.of(
                    "conv1 (1, 3, 224, 224) -> (1, 32, 112, 112)",
                    "conv2 (1, 32, 112, 112) -> (1, 64, 56, 56)",
                    "0 (1, 64, 56, 56) -> (1, 64, 56, 56)",
                    "1 (1, 64, 56, 56) -> (1, 128, 28, 28)",
                    "2 (1, 128, 28, 28) -> (1, 160, 14, 14)",
                    "3 (1, 160, 14, 14) -> (1, 320, 7, 7)",
                    "norm (1, 320) -> (1, 320)",
                    "fc (1, 320) -> (1, 1000)"), Described.blocksAt(described, 2));
            // Stage 1 works channels-last, and its 28 × 28 map is attended in 16 windows of 7 × 7.
            assertTrue(described.contains("\t\t\tblocks(1, 28, 28, 128) {"), described);
            assertTrue(described.contains("\t\t\t\t\tattn(16, 49, 128) {"), described);
        }
    }

    @Test
    void describeAtTwentyEightPixelsHalvesTheMapRoundingUp() {
        TinyVitSpec spec = Presets.get("tinyvit-5m").withInChans(1).withNumClasses(10).withImgSize(28);
        try (StudentModel model = StudentModel.create(spec)) {
            String described = Blocks.describe(model.block(), "tinyvit", 0);
            assertEquals(List.of(
                    "conv1 (1, 1, 28, 28) -> (1, 32, 14, 14)",
                    "conv2 (1, 32, 14, 14) -> (1, 64, 7, 7)",
                    "0 (1, 64, 7, 7) -> (1, 64, 7, 7)",
                    "1 (1, 64, 7, 7) -> (1, 128, 4, 4)",
                    "2 (1, 128, 4, 4) -> (1, 160, 2, 2)",
                    "3 (1, 160, 2, 2) -> (1, 320, 1, 1)",
                    "norm (1, 320) -> (1, 320)",
                    "fc (1, 320) -> (1, 10)"), Described.blocksAt(described, 2));
        }
    }

    @Test
    void toStringOfTheModelsBlockIsItsDescription() {
        try (StudentModel model = StudentModel.create(Presets.get("tinyvit-5m"))) {
            Block block = model.model().getBlock();
            String text = block.toString();
            assertTrue(text.startsWith("TinyVit(1, 3, 224, 224) {\n\tpatch_embed(1, 3, 224, 224) {"), text);
            assertEquals(Blocks.describe(block, "TinyVit", 0), text);
        }
    }

    /**
     * Initialisation records the input each stage really receives, and every reported output
     * shape is the real one, at odd sizes too (30: 15, 8, 4, 2, 1; 100: 50, 25, 13, 7, 4, where
     * stage 1 pads its 13 × 13 map to whole windows).
     */
    @ParameterizedTest
    @CsvSource({"224, 3, 1000", "28, 1, 10", "30, 1, 10", "100, 1, 10"})
    void everyStageReportsTheShapeOfARealForwardPass(int size, int channels, int classes) {
        TinyVitSpec spec = Presets.get("tinyvit-5m").withInChans(channels).withNumClasses(classes).withImgSize(size);
        try (StudentModel model = StudentModel.create(spec); NDManager m = model.manager().newSubManager()) {
            TinyVit block = model.block(TinyVit.class, "this test");
            ParameterStore ps = new ParameterStore(model.manager(), false);
            NDArray x = m.randomNormal(new Shape(1, channels, size, size));
            x = checkedStep((ModuleBlock) block.getChildren().valueAt(0), ps, x);
            for (ModuleBlock stage : block.stages()) {
                x = checkedStep(stage, ps, x);
            }
            NDArray batch = m.randomNormal(new Shape(2, channels, size, size));
            assertEquals(new Shape(2, classes), block.apply(ps, batch, false).getShape());
            assertEquals(new Shape(2, classes), block.getOutputShapes(new Shape[] {batch.getShape()})[0]);
        }
    }

    private static NDArray checkedStep(ModuleBlock block, ParameterStore ps, NDArray x) {
        String name = block.getClass().getSimpleName();
        assertEquals(x.getShape(), block.getInputShapes()[0], name + " recorded another input shape");
        NDArray y = block.apply(ps, x, false);
        assertEquals(y.getShape(), block.getOutputShapes(new Shape[] {x.getShape()})[0], name + " reports another output shape");
        return y;
    }
}
