package org.tinyvit.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinyvit.TinyVitException;

/**
 * NumPy's .npy format for float arrays: reads little-endian float32 or float64 (returned as
 * float32) in C order; writes float32, version 1.0.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** A float32 array and its shape. */
    public record FloatArray(float[] data, long[] shape) {
        @Override
        public String toString() {
            return "float32" + Arrays.toString(shape);
        }
    }

    private Npy() {}

    public static FloatArray read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer start = ByteBuffer.allocate((int) Math.min(size, 12)).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(start, 0);
            start.flip();
            if (size < 10 || !hasMagic(start)) {
                throw bad(file, "not a .npy file (no NUMPY magic)");
            }
            int major = start.get(6);
            long headerLength;
            int prefix;
            if (major == 1) {
                headerLength = start.getShort(8) & 0xffff;
                prefix = 10;
            } else if ((major == 2 || major == 3) && size >= 12) {
                headerLength = start.getInt(8) & 0xffffffffL;
                prefix = 12;
            } else {
                throw bad(file, "unsupported .npy version " + major);
            }
            if (prefix + headerLength > size) {
                throw bad(file, "header runs past the end of the file");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            ch.read(headerBytes, prefix);
            String header = new String(headerBytes.array(), StandardCharsets.ISO_8859_1);
            String descr = group(file, DESCR, header, "descr");
            if ("True".equals(group(file, FORTRAN, header, "fortran_order"))) {
                throw bad(file, "Fortran-ordered arrays are not supported; save with C order");
            }
            long[] shape = parseShape(file, group(file, SHAPE, header, "shape"));
            int width = switch (descr) {
                case "<f4" -> 4;
                case "<f8" -> 8;
                default -> throw bad(file, "dtype '" + descr + "' is not supported; use little-endian float32 ('<f4')");
            };
            long elements = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            long dataBytes = size - prefix - headerLength;
            if (elements * width != dataBytes) {
                throw bad(file, "shape " + Arrays.toString(shape) + " needs " + elements * width + " bytes of data but the file has " + dataBytes);
            }
            if (elements > Integer.MAX_VALUE) {
                throw bad(file, "array of " + elements + " elements is too large");
            }
            ByteBuffer data = ByteBuffer.allocate((int) dataBytes).order(ByteOrder.LITTLE_ENDIAN);
            while (data.hasRemaining() && ch.read(data, prefix + headerLength + data.position()) > 0) {
                // keep reading
            }
            data.flip();
            float[] values = new float[(int) elements];
            for (int i = 0; i < values.length; i++) {
                values[i] = width == 4 ? data.getFloat() : (float) data.getDouble();
            }
            return new FloatArray(values, shape);
        } catch (IOException e) {
            throw bad(file, "cannot read (" + e.getMessage() + ")");
        } catch (ArithmeticException e) {
            throw bad(file, "shape is too large");
        }
    }

    public static void write(Path file, float[] data, long[] shape) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        if (shape.length > 1) {
            dims.setLength(dims.length() - 2);
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = MAGIC.length + 4 + dict.length() + 1;
        String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        AtomicFiles.write(file, out -> {
            out.write(MAGIC);
            out.write(new byte[] {1, 0, (byte) (header.length() & 0xff), (byte) (header.length() >> 8)});
            out.write(header.getBytes(StandardCharsets.ISO_8859_1));
            ByteBuffer buffer = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(data);
            out.write(buffer.array());
        });
    }

    private static boolean hasMagic(ByteBuffer start) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (start.get(i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String group(Path file, Pattern pattern, String header, String key) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw bad(file, "header has no '" + key + "'");
        }
        return m.group(1);
    }

    private static long[] parseShape(Path file, String text) {
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .mapToLong(s -> {
                    try {
                        return Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
                    } catch (NumberFormatException e) {
                        throw bad(file, "bad shape entry '" + s + "'");
                    }
                })
                .toArray();
    }

    private static TinyVitException bad(Path file, String problem) {
        return TinyVitException.inFile(file, problem);
    }
}
