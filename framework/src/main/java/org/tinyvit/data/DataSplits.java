package org.tinyvit.data;

import java.util.SplittableRandom;

/**
 * The fixed split of a data set: train and held-out validation carved from the training images
 * by a seeded shuffle (identical on every run and machine), and the official test set, which is
 * never used for training or search.
 */
public record DataSplits(ImageSet train, ImageSet val, ImageSet test, float[] mean, float[] std) {
    public static final double DEFAULT_VAL_FRACTION = 0.1;
    public static final long DEFAULT_SPLIT_SEED = 20221024L;

    /** Splits {@code all} into train and validation; {@code test} stays as it is. */
    public static DataSplits of(ImageSet all, ImageSet test, double valFraction, long seed) {
        int[] order = permutation(all.size(), seed);
        int valCount = (int) Math.round(all.size() * valFraction);
        int[] val = java.util.Arrays.copyOfRange(order, 0, valCount);
        int[] train = java.util.Arrays.copyOfRange(order, valCount, order.length);
        java.util.Arrays.sort(val);
        java.util.Arrays.sort(train);
        ImageSet trainSet = all.subset(all.name() + "/train", train);
        float[][] statistics = channelStatistics(trainSet);
        return new DataSplits(trainSet, all.subset(all.name() + "/val", val), test, statistics[0], statistics[1]);
    }

    /** A seeded Fisher-Yates shuffle of 0..n-1; SplittableRandom is the same on every JVM. */
    public static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Training split limited to its first {@code n} images (for quick runs). */
    public DataSplits withTrainSamples(int n) {
        return new DataSplits(train.head(n), val, test, mean, std);
    }

    /** Per-channel mean and standard deviation of the pixels in [0, 1]: {mean, std}. */
    private static float[][] channelStatistics(ImageSet s) {
        int plane = s.height() * s.width();
        float[] mean = new float[s.channels()];
        float[] std = new float[s.channels()];
        for (int c = 0; c < s.channels(); c++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < s.size(); i++) {
                int base = i * s.imageBytes() + c * plane;
                for (int p = 0; p < plane; p++) {
                    double v = (s.pixels()[base + p] & 0xff) / 255.0;
                    sum += v;
                    squares += v * v;
                }
            }
            double n = (double) s.size() * plane;
            mean[c] = (float) (sum / n);
            std[c] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, squares / n - (sum / n) * (sum / n))));
        }
        return new float[][] {mean, std};
    }
}
