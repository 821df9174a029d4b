package org.tinyvit.space;

import org.tinyvit.model.tinyvit.TinyVitSpec;

/**
 * The contraction space of the TinyViT paper (TINYVIT.md §5) around the 21M seed: every
 * stage's width in steps of 32, the blocks per stage, windows 7 or 14, the MLP and MBConv
 * ratios. Heads follow from the widths (head dim 32). The published TinyViT-5M, 11M and 21M
 * are all points of this space.
 */
@StudentSpace(name = "tinyvit", seed = "seed")
public record TinyVitSpace(
        @Width(stage = 0, min = 32, max = 128, step = 32) int width0,
        @Width(stage = 1, min = 64, max = 256, step = 32) int width1,
        @Width(stage = 2, min = 128, max = 448, step = 32) int width2,
        @Width(stage = 3, min = 192, max = 640, step = 32) int width3,
        @Depth(stage = 0, min = 1, max = 2) int depth0,
        @Depth(stage = 1, min = 1, max = 2) int depth1,
        @Depth(stage = 2, min = 2, max = 6) int depth2,
        @Depth(stage = 3, min = 1, max = 2) int depth3,
        @Window(stage = 1, values = {7, 14}) int window1,
        @Window(stage = 2, values = {7, 14}) int window2,
        @Window(stage = 3, values = {7, 14}) int window3,
        @Choice({2, 3, 4}) double mlpRatio,
        @Choice({2, 3, 4}) double mbconvRatio,
        int headDim) implements Student {

    /** TinyViT-21M: the seed the paper contracted. */
    public static TinyVitSpace seed() {
        return new TinyVitSpace(96, 192, 384, 576, 2, 2, 6, 2, 7, 14, 7, 4, 4, 32);
    }

    /** Heads of a stage of this width: width / head dim (stage 0 lists them too, as the presets do). */
    public int heads(int width) {
        return width / headDim;
    }

    @Check
    public boolean widthsDoNotShrink() {
        return width0 <= width1 && width1 <= width2 && width2 <= width3;
    }

    @Check
    public boolean headDimDividesWidths() {
        return width0 % headDim == 0 && width1 % headDim == 0 && width2 % headDim == 0 && width3 % headDim == 0;
    }

    @Override
    public TinyVitSpec toSpec() {
        return new TinyVitSpec(new int[] {width0, width1, width2, width3}, new int[] {depth0, depth1, depth2, depth3},
                new int[] {heads(width0), heads(width1), heads(width2), heads(width3)}, new int[] {7, window1, window2, window3},
                mlpRatio, mbconvRatio, TinyVitSpec.DEFAULT_LOCAL_CONV_SIZE, TinyVitSpec.DEFAULT_IMG_SIZE,
                TinyVitSpec.DEFAULT_IN_CHANS, TinyVitSpec.DEFAULT_NUM_CLASSES, 0.0);
    }
}
