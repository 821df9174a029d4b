package org.tinyvit.data;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded training augmentation, then a bilinear resize to the model's resolution (up or down) and
 * normalisation. All randomness of one sample comes from a generator seeded by that sample's
 * seed, so a seed always gives a bit-identical tensor: the student replays exactly the image the
 * teacher saw. Evaluation ({@link #eval}) sees the whole image, resized and normalised.
 *
 * <pre>{@code
 * Augmentation aug = Augmentation.of(Augmentation.Policy.LIGHT, 28, data.mean(), data.std());
 * aug.train(data.train(), i, seed, batch, offset);
 * }</pre>
 */
public record Augmentation(Policy policy, int size, float[] mean, float[] std) {
    /** Random-resized crop of the strong policy: area scale from 0.35 and aspect ratio within 3/4..4/3. */
    public static final double STRONG_MIN_SCALE = 0.35;
    public static final double STRONG_MAX_RATIO = 4.0 / 3.0;
    /** The light policy shifts an image by up to a seventh of its side: 4 pixels of a 28 × 28 image. */
    public static final int LIGHT_SHIFT_DIVISOR = 7;
    private static final int CROP_TRIES = 10;

    /** How much a training image is varied. */
    public enum Policy {
        /** The image as it is (resized): what evaluation sees. */
        NONE,
        /** A horizontal flip half of the time and nothing else: the mildest policy, for a model that learns its training images by heart. */
        FLIP,
        /** A random shift of up to 1/7 of the side with zero padding, and a horizontal flip: the usual policy for 28 × 28 images. */
        LIGHT,
        /** A random-resized crop (area 35-100%, ratio 3/4-4/3) and a horizontal flip: ImageNet's policy. */
        STRONG;

        /** The name on the command line and in files: {@code none}, {@code flip}, {@code light}, {@code strong}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Policy of(String label) {
            for (Policy p : values()) {
                if (p.label().equals(label)) {
                    return p;
                }
            }
            throw new org.tinyvit.TinyVitException("unknown augmentation '" + label + "' (known: none, flip, light, strong)");
        }
    }

    public static Augmentation of(Policy policy, int size, float[] mean, float[] std) {
        return new Augmentation(policy, size, mean, std);
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
        Window window = switch (policy) {
            case NONE, FLIP -> Window.whole(set);
            case LIGHT -> shifted(set, random);
            case STRONG -> resizedCrop(set, random);
        };
        boolean mirror = policy != Policy.NONE && random.nextBoolean();
        resample(set, index, window, mirror, out, offset);
    }

    /** The whole image resized, no randomness: what evaluation sees. */
    public void eval(ImageSet set, int index, float[] out, int offset) {
        resample(set, index, Window.whole(set), false, out, offset);
    }

    public int floatsPerImage(int channels) {
        return channels * size * size;
    }

    /**
     * What fills the output: the part of the source image at origin (x, y) with the given extent,
     * after the image was shifted by (shiftX, shiftY) whole pixels over a black background.
     */
    private record Window(double x, double y, double width, double height, int shiftX, int shiftY) {
        static Window whole(ImageSet set) {
            return new Window(0, 0, set.width(), set.height(), 0, 0);
        }
    }

    private static Window shifted(ImageSet set, SplittableRandom random) {
        int maxX = Math.max(1, Math.round(set.width() / (float) LIGHT_SHIFT_DIVISOR));
        int maxY = Math.max(1, Math.round(set.height() / (float) LIGHT_SHIFT_DIVISOR));
        int dx = random.nextInt(-maxX, maxX + 1);
        int dy = random.nextInt(-maxY, maxY + 1);
        return new Window(0, 0, set.width(), set.height(), dx, dy);
    }

    private static Window resizedCrop(ImageSet set, SplittableRandom random) {
        int h = set.height();
        int w = set.width();
        double area = (double) h * w;
        for (int t = 0; t < CROP_TRIES; t++) {
            double target = area * (STRONG_MIN_SCALE + random.nextDouble() * (1 - STRONG_MIN_SCALE));
            double logRatio = Math.log(1 / STRONG_MAX_RATIO) + random.nextDouble() * 2 * Math.log(STRONG_MAX_RATIO);
            double ratio = Math.exp(logRatio);
            double cw = Math.sqrt(target * ratio);
            double ch = Math.sqrt(target / ratio);
            if (cw <= w && ch <= h) {
                return new Window(random.nextDouble() * (w - cw), random.nextDouble() * (h - ch), cw, ch, 0, 0);
            }
        }
        return Window.whole(set);
    }

    /** Bilinear sampling of the window; the border pixels extend past the edge, as an image resize needs. */
    private void resample(ImageSet set, int index, Window window, boolean mirror, float[] out, int offset) {
        for (int c = 0; c < set.channels(); c++) {
            float m = mean[c];
            float s = std[c];
            for (int oy = 0; oy < size; oy++) {
                double sy = window.y() + (oy + 0.5) * window.height() / size - 0.5;
                int y0 = (int) Math.floor(sy);
                double fy = sy - y0;
                for (int ox = 0; ox < size; ox++) {
                    int tx = mirror ? size - 1 - ox : ox;
                    double sx = window.x() + (tx + 0.5) * window.width() / size - 0.5;
                    int x0 = (int) Math.floor(sx);
                    double fx = sx - x0;
                    double top = pixel(set, index, c, window, y0, x0) * (1 - fx) + pixel(set, index, c, window, y0, x0 + 1) * fx;
                    double bottom = pixel(set, index, c, window, y0 + 1, x0) * (1 - fx) + pixel(set, index, c, window, y0 + 1, x0 + 1) * fx;
                    double v = (top * (1 - fy) + bottom * fy) / 255.0;
                    out[offset + (c * size + oy) * size + ox] = (float) ((v - m) / s);
                }
            }
        }
    }

    /** Pixel (y, x) of the shifted image, its border extended: where the shift uncovered the background, 0. */
    private static double pixel(ImageSet set, int index, int c, Window window, int y, int x) {
        int sy = clamp(y, set.height()) - window.shiftY();
        int sx = clamp(x, set.width()) - window.shiftX();
        if (sy < 0 || sx < 0 || sy >= set.height() || sx >= set.width()) {
            return 0;
        }
        return set.pixel(index, c, sy, sx);
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : Math.min(v, n - 1);
    }
}
