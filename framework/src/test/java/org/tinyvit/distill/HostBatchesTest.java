package org.tinyvit.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.engine.Engine;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tinyvit.data.Augmentation;
import org.tinyvit.data.DataSplits;

/** Which images each epoch of a run on part of the training set sees: its own draw, or the first epoch's images again. */
class HostBatchesTest {
    private static final DataSplits DATA = TrainingRunReuseTest.DATA; // 48 training images
    private static final int BATCH = 8;
    private static final int SAMPLES = 16;

    /** The indices each of 3 epochs trains on, in order. */
    private static int[][] epochs(boolean sameImages) {
        TrainConfig config = new TrainConfig(3, BATCH, 1e-3f, 0.05f, 5f, 1);
        Augmentation none = Augmentation.of(Augmentation.Policy.NONE, 28, DATA.mean(), DATA.std());
        int[][] seen = new int[3][SAMPLES];
        try (Objective labels = Target.labels().open(DATA, config, Engine.getInstance().defaultDevice());
                HostBatches batches = new HostBatches(DATA, none, labels, BATCH, SAMPLES, sameImages, 1, 3, null)) {
            for (int epoch = 0; epoch < 3; epoch++) {
                for (int b = 0; b < SAMPLES / BATCH; b++) {
                    System.arraycopy(batches.next().indices(), 0, seen[epoch], b * BATCH, BATCH);
                }
            }
        }
        return seen;
    }

    private static Set<Integer> images(int[] indices) {
        return new TreeSet<>(Arrays.stream(indices).boxed().toList());
    }

    @Test
    void withTheSameImagesEveryEpochRepeatsTheFirstEpochsImagesReshuffled() {
        int[][] same = epochs(true);
        int[][] own = epochs(false);
        assertArrayEquals(own[0], same[0], "the first epoch is the same either way");
        for (int epoch = 1; epoch < 3; epoch++) {
            assertEquals(SAMPLES, images(same[epoch]).size(), "no image twice in an epoch");
            assertEquals(images(same[0]), images(same[epoch]), "epoch " + epoch + " trains on the first epoch's images");
            assertNotEquals(Arrays.toString(same[0]), Arrays.toString(same[epoch]), "in another order");
            assertNotEquals(images(own[0]), images(own[epoch]), "by default epoch " + epoch + " draws its own images");
        }
    }
}
