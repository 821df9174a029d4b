package org.tinyvit.search;

import org.tinyvit.model.StudentSpec;
import org.tinyvit.space.Depth;
import org.tinyvit.space.Student;
import org.tinyvit.space.StudentSpace;
import org.tinyvit.space.Width;

/** {@link FlakySpace} in the {@link StallingFamily}: its candidates with depth2 = 2 never finish. */
@StudentSpace(name = "stalling", family = StallingFamily.NAME)
public record StallingSpace(@Width(stage = 3, min = 64, max = 160, step = 32) int width3, @Depth(stage = 2, min = 1, max = 3) int depth2)
        implements Student {
    public static StallingSpace seed() {
        return new StallingSpace(160, 3);
    }

    @Override
    public StudentSpec toSpec() {
        return FlakySpace.spec(StallingFamily.NAME, width3, depth2);
    }
}
