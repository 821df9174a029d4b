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

    @Test
    void theSameSeedGivesABitIdenticalTensor() {
        ImageSet set = randomImages(4, 3, 28);
        Augmentation aug = Augmentation.standard(56, new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.2f, 0.2f, 0.2f});
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
        Augmentation aug = Augmentation.standard(8, new float[] {0.5f}, new float[] {0.25f});
        float[] out = new float[64];
        aug.eval(white, 0, out, 0);
        for (float v : out) {
            assertEquals(2f, v, 1e-6f); // (1 - 0.5) / 0.25
        }
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
