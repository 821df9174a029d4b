package org.tinyvit.data;

import java.util.SplittableRandom;

/**
 * Seeded image augmentation: random-resized crop, horizontal flip, bilinear resize to the
 * model's resolution (up or down), normalisation. All randomness of one sample comes from a
 * generator seeded by that sample's seed, so a seed always gives a bit-identical tensor: the
 * student replays exactly the image the teacher saw.
 *
 * <pre>{@code
 * Augmentation aug = Augmentation.standard(56, data.mean(), data.std());
 * aug.train(data.train(), i, seed, batch, offset);
 * }</pre>
 */
public record Augmentation(int size, double minScale, double maxRatio, boolean flip, float[] mean, float[] std) {
    public static final double DEFAULT_MIN_SCALE = 0.35;
    public static final double DEFAULT_MAX_RATIO = 4.0 / 3.0;
    private static final int CROP_TRIES = 10;

    public static Augmentation standard(int size, float[] mean, float[] std) {
        return new Augmentation(size, DEFAULT_MIN_SCALE, DEFAULT_MAX_RATIO, true, mean, std);
    }

    /** The augmentation seed of sample {@code index} in epoch {@code epoch} of a run seeded {@code runSeed}. */
    public static int sampleSeed(long runSeed, int epoch, int index) {
        long z = runSeed * 0x9E3779B97F4A7C15L + ((long) epoch << 32 | index & 0xffffffffL);
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) (z ^ (z >>> 33));
    }

    /** Writes the augmented image {@code index} into {@code out} at {@code offset} (C × size × size floats). */
    public void train(ImageSet set, int index, int seed, float[] out, int offset) {
        SplittableRandom random = new SplittableRandom(seed);
        int h = set.height();
        int w = set.width();
        double area = (double) h * w;
        double cropX = 0;
        double cropY = 0;
        double cropW = w;
        double cropH = h;
        for (int t = 0; t < CROP_TRIES; t++) {
            double target = area * (minScale + random.nextDouble() * (1 - minScale));
            double logRatio = Math.log(1 / maxRatio) + random.nextDouble() * 2 * Math.log(maxRatio);
            double ratio = Math.exp(logRatio);
            double cw = Math.sqrt(target * ratio);
            double ch = Math.sqrt(target / ratio);
            if (cw <= w && ch <= h) {
                cropW = cw;
                cropH = ch;
                cropX = random.nextDouble() * (w - cw);
                cropY = random.nextDouble() * (h - ch);
                break;
            }
        }
        boolean mirror = flip && random.nextBoolean();
        resample(set, index, cropX, cropY, cropW, cropH, mirror, out, offset);
    }

    /** The whole image resized, no randomness: what evaluation sees. */
    public void eval(ImageSet set, int index, float[] out, int offset) {
        resample(set, index, 0, 0, set.width(), set.height(), false, out, offset);
    }

    public int floatsPerImage(int channels) {
        return channels * size * size;
    }

    private void resample(ImageSet set, int index, double x0, double y0, double cw, double ch, boolean mirror, float[] out, int offset) {
        int h = set.height();
        int w = set.width();
        for (int c = 0; c < set.channels(); c++) {
            float m = mean[c];
            float s = std[c];
            for (int oy = 0; oy < size; oy++) {
                double sy = y0 + (oy + 0.5) * ch / size - 0.5;
                int yA = clamp((int) Math.floor(sy), h);
                int yB = clamp((int) Math.floor(sy) + 1, h);
                double fy = sy - Math.floor(sy);
                for (int ox = 0; ox < size; ox++) {
                    int tx = mirror ? size - 1 - ox : ox;
                    double sx = x0 + (tx + 0.5) * cw / size - 0.5;
                    int xA = clamp((int) Math.floor(sx), w);
                    int xB = clamp((int) Math.floor(sx) + 1, w);
                    double fx = sx - Math.floor(sx);
                    double top = set.pixel(index, c, yA, xA) * (1 - fx) + set.pixel(index, c, yA, xB) * fx;
                    double bottom = set.pixel(index, c, yB, xA) * (1 - fx) + set.pixel(index, c, yB, xB) * fx;
                    double v = (top * (1 - fy) + bottom * fy) / 255.0;
                    out[offset + (c * size + oy) * size + ox] = (float) ((v - m) / s);
                }
            }
        }
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : Math.min(v, n - 1);
    }
}
