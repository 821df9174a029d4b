package org.tinyvit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    private static ImageSet randomImages(int n, int channels, int size) {
        byte[] pixels = new byte[n * channels * size * size];
        new SplittableRandom(3).nextBytes(pixels);
        int[] labels = new int[n];
        return new ImageSet("random", channels, size, size, pixels, labels, List.of("a"));
    }

    /** A policy for three-channel images upsampled to 56 pixels. */
    private static Augmentation colour(Augmentation.Policy policy) {
        return Augmentation.of(policy, 56, new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.2f, 0.2f, 0.2f});
    }

    @Test
    void theSameSeedGivesABitIdenticalTensor() {
        ImageSet set = randomImages(4, 3, 28);
        Augmentation aug = colour(Augmentation.Policy.STRONG);
        float[] a = new float[3 * 56 * 56];
        float[] b = new float[3 * 56 * 56];
        aug.train(set, 2, 12345, a, 0);
        aug.train(set, 2, 12345, b, 0);
        assertArrayEquals(a, b, 0f);
        aug.train(set, 2, 12346, b, 0);
        assertFalse(Arrays.equals(a, b), "another seed gives another view");
    }

    @Test
    void evaluationResizesTheWholeImageAndNormalises() {
        byte[] pixels = new byte[4 * 4];
        Arrays.fill(pixels, (byte) 255);
        ImageSet white = new ImageSet("white", 1, 4, 4, pixels, new int[1], List.of("a"));
        Augmentation aug = Augmentation.of(Augmentation.Policy.STRONG, 8, new float[] {0.5f}, new float[] {0.25f});
        float[] out = new float[64];
        aug.eval(white, 0, out, 0);
        for (float v : out) {
            assertEquals(2f, v, 1e-6f); // (1 - 0.5) / 0.25
        }
    }

    @Test
    void lightIsAShiftOfAtMostFourPixelsOverBlackWithAnOptionalMirror() {
        ImageSet set = randomImages(1, 1, 28);
        Augmentation light = Augmentation.of(Augmentation.Policy.LIGHT, 28, new float[] {0f}, new float[] {1f});
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int seed = 0; seed < 400; seed++) {
            float[] out = new float[28 * 28];
            light.train(set, 0, seed, out, 0);
            String match = null;
            for (int dy = -4; dy <= 4 && match == null; dy++) {
                for (int dx = -4; dx <= 4 && match == null; dx++) {
                    for (boolean mirror : new boolean[] {false, true}) {
                        if (Arrays.equals(out, shifted(set, dx, dy, mirror))) {
                            match = dx + "," + dy + "," + mirror;
                        }
                    }
                }
            }
            assertTrue(match != null, "seed " + seed + " is no shift of at most 4 pixels");
            seen.add(match);
        }
        assertTrue(seen.size() > 100, "400 seeds should reach most of the 162 shifts and mirrors, reached " + seen.size());
    }

    /** The image moved by (dx, dy) over a black background, then mirrored left-right if asked, as [0, 1] floats. */
    private static float[] shifted(ImageSet set, int dx, int dy, boolean mirror) {
        float[] out = new float[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int sx = (mirror ? 27 - x : x) - dx;
                int sy = y - dy;
                out[y * 28 + x] = sx < 0 || sy < 0 || sx >= 28 || sy >= 28 ? 0f : (float) (set.pixel(0, 0, sy, sx) / 255.0);
            }
        }
        return out;
    }

    @Test
    void flipMirrorsAboutHalfTheSamplesAndMovesNothing() {
        ImageSet set = randomImages(1, 1, 28);
        Augmentation flip = Augmentation.of(Augmentation.Policy.FLIP, 28, new float[] {0f}, new float[] {1f});
        float[] plain = shifted(set, 0, 0, false);
        float[] mirrored = shifted(set, 0, 0, true);
        int mirrors = 0;
        for (int seed = 0; seed < 400; seed++) {
            float[] out = new float[28 * 28];
            flip.train(set, 0, seed, out, 0);
            boolean isMirror = Arrays.equals(out, mirrored);
            assertTrue(isMirror || Arrays.equals(out, plain), "seed " + seed + " gives neither the image nor its mirror");
            mirrors += isMirror ? 1 : 0;
        }
        assertTrue(mirrors > 160 && mirrors < 240, "about half of 400 seeds should mirror, " + mirrors + " did");
    }

    @Test
    void noneTrainsOnWhatEvaluationSees() {
        Augmentation none = colour(Augmentation.Policy.NONE);
        float[] trained = new float[3 * 56 * 56];
        float[] evaluated = new float[3 * 56 * 56];
        ImageSet set = randomImages(2, 3, 28);
        none.train(set, 1, 99, trained, 0);
        none.eval(set, 1, evaluated, 0);
        assertArrayEquals(evaluated, trained, 0f);
    }

    @Test
    void sampleSeedsDifferAcrossEpochsAndSamples() {
        assertEquals(Augmentation.sampleSeed(7, 1, 2), Augmentation.sampleSeed(7, 1, 2));
        assertTrue(Augmentation.sampleSeed(7, 1, 2) != Augmentation.sampleSeed(7, 2, 2));
        assertTrue(Augmentation.sampleSeed(7, 1, 2) != Augmentation.sampleSeed(7, 1, 3));
        assertTrue(Augmentation.sampleSeed(7, 1, 2) != Augmentation.sampleSeed(8, 1, 2));
    }

    @Test
    void splitIsDisjointCompleteAndTheSameEveryTime() {
        ImageSet set = randomImages(1000, 1, 4);
        for (int i = 0; i < 1000; i++) {
            set.labels()[i] = i; // labels identify images
        }
        DataSplits a = DataSplits.of(set, set.head(10), 0.1, 42);
        DataSplits b = DataSplits.of(set, set.head(10), 0.1, 42);
        assertEquals(900, a.train().size());
        assertEquals(100, a.val().size());
        assertArrayEquals(a.val().labels(), b.val().labels());
        assertEquals(a.train().fingerprint(), b.train().fingerprint());
        boolean[] seen = new boolean[1000];
        for (int l : a.train().labels()) {
            seen[l] = true;
        }
        for (int l : a.val().labels()) {
            assertFalse(seen[l], "image " + l + " is in both train and validation");
            seen[l] = true;
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
    }
}
