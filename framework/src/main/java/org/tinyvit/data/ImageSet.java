package org.tinyvit.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Labelled images of one size, kept as bytes (channel-major per image: C × H × W, 0..255).
 *
 * <pre>{@code
 * ImageSet train = FashionMnist.load(dir).train();
 * int label = train.labels()[0];
 * }</pre>
 */
public record ImageSet(String name, int channels, int height, int width, byte[] pixels, int[] labels, List<String> classes) {

    public ImageSet {
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels but " + pixels.length + " pixel bytes");
        }
        classes = List.copyOf(classes);
    }

    public int size() {
        return labels.length;
    }

    public int imageBytes() {
        return channels * height * width;
    }

    public int pixel(int image, int channel, int y, int x) {
        return pixels[image * imageBytes() + (channel * height + y) * width + x] & 0xff;
    }

    /** The images at the given positions, in that order. */
    public ImageSet subset(String subsetName, int[] indices) {
        int bytes = imageBytes();
        byte[] p = new byte[indices.length * bytes];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * bytes, p, i * bytes, bytes);
            l[i] = labels[indices[i]];
        }
        return new ImageSet(subsetName, channels, height, width, p, l, classes);
    }

    /** The first {@code n} images (all of them when n is larger). */
    public ImageSet head(int n) {
        if (n >= size()) {
            return this;
        }
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        return subset(name, indices);
    }

    /** SHA-256 of the shape, pixels, labels and class names: equal data give equal fingerprints. */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(16).putInt(channels).putInt(height).putInt(width).putInt(size()).array());
            sha.update(pixels);
            ByteBuffer l = ByteBuffer.allocate(labels.length * 4);
            for (int label : labels) {
                l.putInt(label);
            }
            sha.update(l.array());
            sha.update(String.join("\n", classes).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
