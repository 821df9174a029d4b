package org.tinyvit.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.tinyvit.TinyVitException;

/** Reads the IDX files of MNIST-style data sets, gzipped or not. */
final class Idx {
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    private static final int MAX_ITEMS = 100_000_000;

    /** Images as bytes [n, rows, cols] and their shape. */
    record Images(byte[] pixels, int count, int rows, int cols) {}

    private Idx() {}

    static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new TinyVitException(file + ": not an IDX image file (magic " + Integer.toHexString(magic) + ")");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n < 0 || rows <= 0 || cols <= 0 || (long) n * rows * cols > Integer.MAX_VALUE - 8) {
                throw new TinyVitException(file + ": implausible image count or size " + n + "x" + rows + "x" + cols);
            }
            byte[] pixels = new byte[n * rows * cols];
            in.readFully(pixels);
            return new Images(pixels, n, rows, cols);
        } catch (EOFException e) {
            throw new TinyVitException(file + ": truncated IDX file");
        } catch (IOException e) {
            throw new TinyVitException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new TinyVitException(file + ": not an IDX label file (magic " + Integer.toHexString(magic) + ")");
            }
            int n = in.readInt();
            if (n < 0 || n > MAX_ITEMS) {
                throw new TinyVitException(file + ": implausible label count " + n);
            }
            byte[] raw = new byte[n];
            in.readFully(raw);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        } catch (EOFException e) {
            throw new TinyVitException(file + ": truncated IDX file");
        } catch (IOException e) {
            throw new TinyVitException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw);
    }
}
