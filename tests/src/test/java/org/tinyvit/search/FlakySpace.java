package org.tinyvit.search;

import org.tinyvit.examples.PocketSpace;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import org.tinyvit.space.Depth;
import org.tinyvit.space.Student;
import org.tinyvit.space.StudentSpace;
import org.tinyvit.space.Width;

/** A space of the flaky family: about a third of its candidates (depth2 = 2) fail to build. */
@StudentSpace(name = "flaky", family = FlakyFamily.NAME)
public record FlakySpace(@Width(stage = 3, min = 64, max = 160, step = 32) int width3, @Depth(stage = 2, min = 1, max = 3) int depth2)
        implements Student {
    public static FlakySpace seed() {
        return new FlakySpace(160, 3);
    }

    @Override
    public StudentSpec toSpec() {
        return spec(FlakyFamily.NAME, width3, depth2);
    }

    /** A small pocket model under {@code family}'s name. */
    static StudentSpec spec(String family, int width3, int depth2) {
        return new FlakyFamily.FlakySpec(family, (TinyVitSpec) new PocketSpace(32, 64, 64, width3, depth2, 2).toSpec());
    }
}
