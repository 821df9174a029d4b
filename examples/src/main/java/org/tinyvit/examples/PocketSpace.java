package org.tinyvit.examples;

import org.tinyvit.model.StudentSpec;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import org.tinyvit.space.Check;
import org.tinyvit.space.Choice;
import org.tinyvit.space.Depth;
import org.tinyvit.space.Student;
import org.tinyvit.space.StudentSpace;
import org.tinyvit.space.Width;

/**
 * A custom student space, written the way a user would: pocket-sized TinyViTs for small grey
 * images, with head dim 16, one block per stage except a searchable stage 2, and windows fixed
 * at 7. Search it with {@code ./tinyvit search --space org.tinyvit.examples.PocketSpace
 * --budgets 1.5M,1M --macs 0.3G,0.2G ...}.
 */
@StudentSpace(name = "pocket", seed = "seed")
public record PocketSpace(
        @Width(stage = 0, values = {16, 32}) int width0,
        @Width(stage = 1, min = 32, max = 96, step = 16) int width1,
        @Width(stage = 2, min = 32, max = 128, step = 16) int width2,
        @Width(stage = 3, min = 64, max = 192, step = 32) int width3,
        @Depth(stage = 2, min = 1, max = 3) int depth2,
        @Choice({2, 3}) double mlpRatio) implements Student {

    static final int HEAD_DIM = 16;

    /** The largest model the search starts from. */
    public static PocketSpace seed() {
        return new PocketSpace(32, 64, 128, 160, 2, 3);
    }

    @Check
    public boolean widthsDoNotShrink() {
        return width0 <= width1 && width1 <= width2 && width2 <= width3;
    }

    @Check
    public boolean headsDivideWidths() {
        return width0 % HEAD_DIM == 0 && width1 % HEAD_DIM == 0 && width2 % HEAD_DIM == 0 && width3 % HEAD_DIM == 0;
    }

    @Override
    public StudentSpec toSpec() {
        int[] widths = {width0, width1, width2, width3};
        int[] heads = new int[4];
        for (int i = 0; i < 4; i++) {
            heads[i] = widths[i] / HEAD_DIM;
        }
        return new TinyVitSpec(widths, new int[] {1, 1, depth2, 1}, heads, new int[] {7, 7, 7, 7}, mlpRatio, 2.0,
                TinyVitSpec.DEFAULT_LOCAL_CONV_SIZE, TinyVitSpec.DEFAULT_IMG_SIZE, TinyVitSpec.DEFAULT_IN_CHANS,
                TinyVitSpec.DEFAULT_NUM_CLASSES, 0.0);
    }
}
