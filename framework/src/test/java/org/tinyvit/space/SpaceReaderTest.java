package org.tinyvit.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.model.tinyvit.Presets;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import org.tinyvit.model.vit.VitSpec;

class SpaceReaderTest {

    @Test
    void readsTheTinyVitSpaceAndContainsThePresets() {
        SearchSpace<TinyVitSpace> space = SpaceReader.read(TinyVitSpace.class);
        assertEquals("tinyvit", space.name());
        assertEquals(13, space.knobs().size());
        assertEquals(Presets.get("tinyvit-21m").withDropPath(0), space.seed().toSpec());
        assertEquals("[64.0, 96.0, 128.0, 160.0, 192.0, 224.0, 256.0]", java.util.Arrays.toString(space.knobs().get(1).values()));
        for (String name : new String[] {"tinyvit-5m", "tinyvit-11m", "tinyvit-21m"}) {
            TinyVitSpec preset = Presets.get(name);
            int[] d = preset.embedDims();
            TinyVitSpace point = new TinyVitSpace(d[0], d[1], d[2], d[3], 2, 2, 6, 2, 7, 14, 7, 4, 4, 32);
            int[] encoded = space.encode(point);
            assertEquals(point, space.decode(encoded));
            assertEquals(Optional.empty(), space.failedCheck(point));
            assertEquals(preset.withDropPath(0), space.decode(encoded).toSpec(), name);
        }
    }

    @Test
    void decodeKeepsUnannotatedComponentsAtTheSeedsValue() {
        SearchSpace<TinyVitSpace> space = SpaceReader.read(TinyVitSpace.class);
        int[] smallest = new int[space.knobs().size()];
        TinyVitSpace r = space.decode(smallest);
        assertEquals(32, r.headDim());
        assertEquals(32, r.width0());
        assertEquals(1, r.depth0());
        assertEquals(2.0, r.mlpRatio());
        assertArrayEquals(smallest, space.encode(r));
    }

    @Test
    void checksRejectShrinkingWidths() {
        SearchSpace<TinyVitSpace> space = SpaceReader.read(TinyVitSpace.class);
        TinyVitSpace bad = new TinyVitSpace(128, 64, 448, 640, 2, 2, 6, 2, 7, 14, 7, 4, 4, 32);
        assertEquals(Optional.of("widthsDoNotShrink"), space.failedCheck(bad));
        assertEquals(Optional.empty(), space.spec(space.encode(bad)));
    }

    @Test
    void vitFamilySpace() {
        SearchSpace<TinyVit> space = SpaceReader.read(TinyVit.class);
        StudentSpec spec = space.seed().toSpec();
        assertTrue(spec instanceof VitSpec);
        assertEquals("vit", space.family().name());
    }

    // ---- one declaration per mistake ----

    @StudentSpace(name = "vit-small", family = "vit")
    record TinyVit(@Width(stage = 0, values = {96, 192}) int width, @Depth(stage = 0, min = 2, max = 4) int depth) implements Student {
        static TinyVit seed() {
            return new TinyVit(192, 4);
        }

        @Override
        public StudentSpec toSpec() {
            return new VitSpec(16, width, depth, width / 32, 4, 224, 3, 1000);
        }
    }

    @StudentSpace(name = "x")
    record MinAboveMax(@Width(stage = 1, min = 256, max = 128, step = 32) int width) implements Student {
        static MinAboveMax seed() {
            return new MinAboveMax(128);
        }

        @Override
        public StudentSpec toSpec() {
            return Presets.get("tinyvit-5m");
        }
    }

    @StudentSpace(name = "x")
    record StepDoesNotDivide(@Width(stage = 1, min = 64, max = 150, step = 32) int width) implements Student {
        static StepDoesNotDivide seed() {
            return new StepDoesNotDivide(64);
        }

        @Override
        public StudentSpec toSpec() {
            return Presets.get("tinyvit-5m");
        }
    }

    @StudentSpace(name = "x")
    record EmptyValues(@Window(stage = 1, values = {}) int window) implements Student {
        static EmptyValues seed() {
            return new EmptyValues(7);
        }

        @Override
        public StudentSpec toSpec() {
            return Presets.get("tinyvit-5m");
        }
    }

    @StudentSpace(name = "x")
    record NonNumeric(@Choice({1, 2}) String act) implements Student {
        static NonNumeric seed() {
            return new NonNumeric("gelu");
        }

        @Override
        public StudentSpec toSpec() {
            return Presets.get("tinyvit-5m");
        }
    }

    @StudentSpace(name = "x")
    record StageOutOfRange(@Depth(stage = 4, min = 1, max = 2) int depth) implements Student {
        static StageOutOfRange seed() {
            return new StageOutOfRange(1);
        }

        @Override
        public StudentSpec toSpec() {
            return Presets.get("tinyvit-5m");
        }
    }

    @StudentSpace(name = "x")
    record BadCheck(@Depth(stage = 1, min = 1, max = 2) int depth) implements Student {
        static BadCheck seed() {
            return new BadCheck(1);
        }

        @Check
        public int notBoolean() {
            return 1;
        }

        @Override
        public StudentSpec toSpec() {
            return Presets.get("tinyvit-5m");
        }
    }

    @StudentSpace(name = "x")
    record CheckWithArgument(@Depth(stage = 1, min = 1, max = 2) int depth) implements Student {
        static CheckWithArgument seed() {
            return new CheckWithArgument(1);
        }

        @Check
        public boolean small(int limit) {
            return depth < limit;
        }

        @Override
        public StudentSpec toSpec() {
            return Presets.get("tinyvit-5m");
        }
    }

    @StudentSpace(name = "x")
    record SeedOutside(@Width(stage = 2, min = 128, max = 256, step = 32) int width) implements Student {
        static SeedOutside seed() {
            return new SeedOutside(384);
        }

        @Override
        public StudentSpec toSpec() {
            return Presets.get("tinyvit-5m");
        }
    }

    @StudentSpace(name = "x")
    record SeedFailsCheck(@Depth(stage = 1, min = 1, max = 3) int depth) implements Student {
        static SeedFailsCheck seed() {
            return new SeedFailsCheck(3);
        }

        @Check
        public boolean shallow() {
            return depth < 3;
        }

        @Override
        public StudentSpec toSpec() {
            return Presets.get("tinyvit-5m");
        }
    }

    @StudentSpace(name = "x")
    record NothingToSearch(int width) implements Student {
        static NothingToSearch seed() {
            return new NothingToSearch(64);
        }

        @Override
        public StudentSpec toSpec() {
            return Presets.get("tinyvit-5m");
        }
    }

    record NoAnnotation(@Depth(stage = 1, min = 1, max = 2) int depth) implements Student {
        @Override
        public StudentSpec toSpec() {
            return Presets.get("tinyvit-5m");
        }
    }

    @StudentSpace(name = "x", seed = "start")
    record NoSeedMethod(@Depth(stage = 1, min = 1, max = 2) int depth) implements Student {
        @Override
        public StudentSpec toSpec() {
            return Presets.get("tinyvit-5m");
        }
    }

    @StudentSpace(name = "x")
    record TwoKnobs(@Depth(stage = 1, min = 1, max = 2) @Choice({1, 2}) int depth) implements Student {
        static TwoKnobs seed() {
            return new TwoKnobs(1);
        }

        @Override
        public StudentSpec toSpec() {
            return Presets.get("tinyvit-5m");
        }
    }

    @StudentSpace(name = "x")
    record WidthOnDouble(@Width(stage = 1, values = {64, 96}) double width) implements Student {
        static WidthOnDouble seed() {
            return new WidthOnDouble(64);
        }

        @Override
        public StudentSpec toSpec() {
            return Presets.get("tinyvit-5m");
        }
    }

    @StudentSpace(name = "x")
    static final class NotARecord {}

    private static String mistake(Class<?> type) {
        TinyVitException e = assertThrows(TinyVitException.class, () -> SpaceReader.readAny(type));
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
        return e.getMessage();
    }

    @Test
    void explainsEveryMistakePrecisely() {
        assertEquals("MinAboveMax.width: @Width: min 256 is above max 128", mistake(MinAboveMax.class));
        assertEquals("StepDoesNotDivide.width: @Width: step 32 does not divide the range 64..150 (86 apart)", mistake(StepDoesNotDivide.class));
        assertEquals("EmptyValues.window: @Window: values are empty", mistake(EmptyValues.class));
        assertEquals("NonNumeric.act: @Choice: needs a numeric component, but act is a String", mistake(NonNumeric.class));
        assertEquals("StageOutOfRange.depth: @Depth: stage 4 is out of range: the tinyvit family has stages 0..3", mistake(StageOutOfRange.class));
        assertEquals("BadCheck.notBoolean(): @Check: must be an instance method with no parameters returning boolean, it is int notBoolean()",
                mistake(BadCheck.class));
        assertEquals("CheckWithArgument.small(): @Check: must be an instance method with no parameters returning boolean, it is boolean small(int)",
                mistake(CheckWithArgument.class));
        assertEquals("SeedOutside.seed(): the seed's width = 384 is outside its own space (@Width allows 128..256 step 32)",
                mistake(SeedOutside.class));
        assertEquals("SeedFailsCheck.seed(): the seed fails @Check shallow()", mistake(SeedFailsCheck.class));
        assertEquals("NothingToSearch: no searchable component: annotate at least one with @Width, @Depth, @Window or @Choice",
                mistake(NothingToSearch.class));
        assertEquals("NoAnnotation: missing @StudentSpace(name = ..., seed = ...) on the type", mistake(NoAnnotation.class));
        assertEquals("NoSeedMethod: @StudentSpace(seed = \"start\"): no method start() in the type", mistake(NoSeedMethod.class));
        assertEquals("TwoKnobs.depth: has 2 knob annotations (@Depth, @Choice); use one", mistake(TwoKnobs.class));
        assertEquals("WidthOnDouble.width: @Width: needs an integer component, but width is a double", mistake(WidthOnDouble.class));
        assertTrue(mistake(NotARecord.class).startsWith("NotARecord: a student space must be a record"));
    }

    @Test
    void windowsThatCoverEveryMapAtTwentyEightPixelsAreInertThereButNotAtTwoHundredTwentyFour() {
        SearchSpace<TinyVitSpace> space = SpaceReader.read(TinyVitSpace.class);
        // 28 px: stage maps 7, 4, 2, 1; windows of 7 and 14 cover maps 4, 2 and 1 whole
        assertEquals(java.util.List.of("window1", "window2", "window3"),
                space.inertAt(28, 1, 10).stream().map(Knob::component).toList());
        // 56 px (Fashion-MNIST upsampled): maps 14, 7, 4, 2; still every window covers its map whole
        assertEquals(java.util.List.of("window1", "window2", "window3"),
                space.inertAt(56, 1, 10).stream().map(Knob::component).toList());
        // 64 px: maps 16, 8, 4, 2; a window of 7 splits stage 1's 8 x 8 map, one of 14 does not
        assertEquals(java.util.List.of("window2", "window3"), space.inertAt(64, 1, 10).stream().map(Knob::component).toList());
        // 224 px: maps 56, 28, 14, 7; a window of 7 or 14 splits the maps of stages 1 and 2 differently, and covers stage 3's 7
        assertEquals(java.util.List.of("window3"), space.inertAt(224, 3, 1000).stream().map(Knob::component).toList());
        SearchSpace<TinyVitSpace> held = space.holding(java.util.List.of("window1", "window2", "window3"));
        assertEquals(space.knobs().size() - 3, held.knobs().size());
        assertEquals(space.seed().toSpec(), held.decode(held.encode(held.seed())).toSpec());
    }
}
