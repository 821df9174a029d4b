package org.tinyvit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.TinyVitException;

class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void writtenTensorsReadBackBitExactly() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(3, 5));
            NDArray b = m.arange(0, 12).reshape(2, 6).toType(ai.djl.ndarray.types.DataType.INT64, false);
            Path file = dir.resolve("t.safetensors");
            SafeTensors.write(file, Map.of("a", a, "b", b), Map.of("k", "v"));
            SafeTensors read = SafeTensors.open(file);
            assertEquals("v", read.metadata().get("k"));
            assertArrayEquals(a.toFloatArray(), read.load("a", m).toFloatArray(), 0f);
            assertArrayEquals(b.toLongArray(), read.load("b", m).toLongArray());
        }
    }

    @Test
    void truncatedFileIsRefused() throws IOException {
        Files.write(dir.resolve("x"), new byte[] {1, 2, 3});
        assertRefused(dir.resolve("x"), "truncated");
    }

    @Test
    void headerLengthPastTheEndIsRefused() throws IOException {
        assertRefused(file(1000, "{}", 0), "runs past the end");
    }

    @Test
    void absurdHeaderSizeIsRefusedWithoutAllocating() throws IOException {
        assertRefused(file(Long.MAX_VALUE - 3, "{}", 0), "absurd");
        assertRefused(file(-5, "{}", 0), "absurd");
    }

    @Test
    void nonJsonHeaderIsRefused() throws IOException {
        assertRefused(file(-1, "{not json", 0), "not valid JSON");
    }

    @Test
    void offsetsOutOfRangeAreRefused() throws IOException {
        assertRefused(file(-1, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4), "out of range");
    }

    @Test
    void overlappingTensorsAreRefused() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertRefused(file(-1, header, 12), "overlap");
    }

    @Test
    void unknownDtypeIsRefused() throws IOException {
        assertRefused(file(-1, "{\"a\":{\"dtype\":\"F12\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "unknown dtype 'F12'");
    }

    @Test
    void shapeDisagreeingWithByteSizeIsRefused() throws IOException {
        assertRefused(file(-1, "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "needs 12 bytes");
        assertRefused(file(-1, "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,8],\"data_offsets\":[0,8]}}", 8), "too many");
    }

    @Test
    void missingFieldsAreRefused() throws IOException {
        assertRefused(file(-1, "{\"a\":{\"dtype\":\"F32\"}}", 8), "needs dtype, shape and data_offsets");
    }

    /** A file with the given header length field (-1: the true length), header and data size. */
    private Path file(long declaredLength, String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength == -1 ? json.length : declaredLength).put(json);
        Path f = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(f, b.array());
        return f;
    }

    private static void assertRefused(Path file, String expected) {
        TinyVitException e = assertThrows(TinyVitException.class, () -> SafeTensors.open(file));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), "message names the file: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void npyRoundTripKeepsValuesAndShape() {
        float[] data = {1.5f, -2f, 3.25f, 0f, 7f, -8.5f};
        Path f = dir.resolve("x.npy");
        Npy.write(f, data, new long[] {2, 3});
        Npy.FloatArray read = Npy.read(f);
        assertArrayEquals(new long[] {2, 3}, read.shape());
        assertArrayEquals(data, read.data(), 0f);
        assertEquals(0, (8 + 2 + readHeaderLength(f)) % 64, "header is 64-byte aligned");
    }

    @Test
    void npyWithWrongDataSizeIsRefused() throws IOException {
        Path f = dir.resolve("x.npy");
        Npy.write(f, new float[] {1, 2, 3, 4}, new long[] {4});
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length - 4));
        TinyVitException e = assertThrows(TinyVitException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("needs 16 bytes"), e.getMessage());
    }

    private static int readHeaderLength(Path f) {
        try {
            byte[] b = Files.readAllBytes(f);
            return (b[8] & 0xff) | (b[9] & 0xff) << 8;
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
