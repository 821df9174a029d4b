package org.tinyvit.distill.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.TinyVitException;
import org.tinyvit.distill.store.LogitStoreReader.Expectation;

class LogitStoreTest {
    private static final String DATA_FP = fingerprint("imagenet-train");
    private static final String TEACHER_FP = fingerprint("tinyvit-21m-teacher");

    @TempDir
    Path dir;

    @Test
    void recordsReadBackExactlyWithProbabilitiesRoundedToFloat16() {
        List<LogitRecord> records = randomRecords(3000, 5, 10, 1);
        Path file = store(StoreHeader.of(5, 10, 3000, 0, DATA_FP, TEACHER_FP), records);
        try (LogitStoreReader r = LogitStoreReader.open(file, Expectation.none())) {
            assertEquals(StoreHeader.of(5, 10, 3000, 0, DATA_FP, TEACHER_FP), r.header());
            for (int i = 0; i < records.size(); i++) {
                assertSameRecord(records.get(i), r.read(i), i);
            }
        }
    }

    @Test
    void recordsCanBeReadInAnyOrder() {
        List<LogitRecord> records = randomRecords(3000, 5, 10, 2);
        Path file = store(StoreHeader.of(5, 10, 3000, 0, DATA_FP, TEACHER_FP), records);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(3));
        try (LogitStoreReader r = LogitStoreReader.open(file, Expectation.none())) {
            LogitRecord into = new LogitRecord(5);
            for (int i : order) {
                r.read(i, into);
                assertSameRecord(records.get(i), into, i);
            }
        }
    }

    @Test
    void concurrentReadersSeeTheSameRecords() {
        List<LogitRecord> records = randomRecords(5000, 5, 10, 4);
        Path file = store(StoreHeader.of(5, 10, 5000, 0, DATA_FP, TEACHER_FP), records);
        try (LogitStoreReader r = LogitStoreReader.open(file, Expectation.none())) {
            LongStream.range(0, records.size()).parallel().forEach(i -> assertSameRecord(records.get((int) i), r.read(i), i));
        }
    }

    @Test
    void tinyMappingSegmentsReadTheSameRecordsAsOne() {
        StoreHeader header = new StoreHeader(1, 5, 10, 2, 1000, 0, 64, DATA_FP, TEACHER_FP);
        List<LogitRecord> records = randomRecords(1000, 5, 10, 5);
        Path file = store(header, records);
        long blockBytes = 64L * header.recordBytes();
        for (long segmentBytes : new long[] {1, blockBytes, 2 * blockBytes + 1, 5 * blockBytes}) {
            try (LogitStoreReader r = LogitStoreReader.open(file, Expectation.none(), segmentBytes)) {
                r.verifyAll();
                for (int i = records.size() - 1; i >= 0; i--) {
                    assertSameRecord(records.get(i), r.read(i), i);
                }
            }
        }
    }

    @Test
    void moreThan32767ClassesAreStoredAsInt32Indices() {
        StoreHeader header = StoreHeader.of(5, 40000, 2000, 0, DATA_FP, TEACHER_FP);
        assertEquals(4, header.indexBytes());
        assertEquals(2, StoreHeader.of(5, 32767, 1, 0, DATA_FP, TEACHER_FP).indexBytes());
        List<LogitRecord> records = randomRecords(2000, 5, 40000, 6);
        records.get(7).classes[0] = 39999;
        Path file = store(header, records);
        assertEquals(StoreHeader.HEADER_BYTES + 2000L * (4 + 5 * 6) + 2 * 4, fileSize(file));
        try (LogitStoreReader r = LogitStoreReader.open(file, Expectation.none())) {
            for (int i = 0; i < records.size(); i++) {
                assertSameRecord(records.get(i), r.read(i), i);
            }
        }
    }

    @Test
    void anEmptyEpochRoundTrips() {
        Path file = store(StoreHeader.of(5, 10, 0, 3, DATA_FP, TEACHER_FP), List.of());
        try (LogitStoreReader r = LogitStoreReader.open(file, Expectation.none())) {
            r.verifyAll();
            assertEquals(0, r.header().blockCount());
        }
    }

    @Test
    void anUncommittedWriterLeavesNoEpochFile() {
        try (LogitStoreWriter w = LogitStoreWriter.create(dir, StoreHeader.of(5, 10, 100, 2, DATA_FP, TEACHER_FP))) {
            for (LogitRecord r : randomRecords(50, 5, 10, 7)) {
                w.write(r);
            }
            assertEquals(List.of(), LogitStore.epochs(dir), "the temporary file is not an epoch");
        }
        assertFalse(Files.exists(LogitStore.epochFile(dir, 2)));
        assertFalse(Files.exists(LogitStore.tempFile(dir, 2)), "the temporary file is deleted");
        assertEquals(List.of(), LogitStore.epochs(dir));
    }

    @Test
    void epochsListsCommittedEpochsInOrder() throws IOException {
        for (int epoch : new int[] {12, 0, 3}) {
            store(StoreHeader.of(5, 10, 20, epoch, DATA_FP, TEACHER_FP), randomRecords(20, 5, 10, epoch));
        }
        Files.writeString(dir.resolve("epoch-7.logits"), "not canonical");
        Files.writeString(dir.resolve("notes.txt"), "");
        assertEquals(List.of(0, 3, 12), LogitStore.epochs(dir));
        assertEquals(List.of(), LogitStore.epochs(dir.resolve("absent")));
    }

    @Test
    void commitWithTooFewRecordsIsRefused() {
        try (LogitStoreWriter w = LogitStoreWriter.create(dir, StoreHeader.of(5, 10, 100, 0, DATA_FP, TEACHER_FP))) {
            w.write(randomRecords(1, 5, 10, 8).get(0));
            TinyVitException e = assertThrows(TinyVitException.class, w::commit);
            assertOneLine(e, LogitStore.epochFile(dir, 0), "1 of 100 records");
        }
        assertEquals(List.of(), LogitStore.epochs(dir));
    }

    @Test
    void writingMoreThanTheSampleCountIsRefused() {
        List<LogitRecord> records = randomRecords(3, 5, 10, 9);
        try (LogitStoreWriter w = LogitStoreWriter.create(dir, StoreHeader.of(5, 10, 2, 0, DATA_FP, TEACHER_FP))) {
            w.write(records.get(0));
            w.write(records.get(1));
            TinyVitException e = assertThrows(TinyVitException.class, () -> w.write(records.get(2)));
            assertOneLine(e, LogitStore.epochFile(dir, 0), "all 2 records are already written");
        }
    }

    @Test
    void theWriterRefusesOutOfRangeClassesAndProbabilities() {
        Path target = LogitStore.epochFile(dir, 0);
        try (LogitStoreWriter w = LogitStoreWriter.create(dir, StoreHeader.of(5, 10, 2, 0, DATA_FP, TEACHER_FP))) {
            LogitRecord r = randomRecords(1, 5, 10, 10).get(0);
            r.classes[2] = 10;
            assertOneLine(assertThrows(TinyVitException.class, () -> w.write(r)), target, "record 0: class index 10 out of range [0, 10)");
            r.classes[2] = 1;
            r.probs[1] = Float.NaN;
            assertOneLine(assertThrows(TinyVitException.class, () -> w.write(r)), target, "probability NaN");
            r.probs[1] = 1.5f;
            assertOneLine(assertThrows(TinyVitException.class, () -> w.write(r)), target, "probability 1.5");
            assertOneLine(assertThrows(TinyVitException.class, () -> w.write(new LogitRecord(4))), target, "needs 5 classes");
            assertEquals(0, w.written());
        }
    }

    @Test
    void aTruncatedFileIsRefusedWithActualAndExpectedBytes() throws IOException {
        Path file = store(StoreHeader.of(5, 10, 3000, 0, DATA_FP, TEACHER_FP), randomRecords(3000, 5, 10, 11));
        long size = fileSize(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size - 5);
        }
        assertRefused(file, Expectation.none(), "truncated: " + (size - 5) + " bytes, expected " + size);
    }

    @Test
    void aFileCutInsideTheHeaderIsRefused() throws IOException {
        Path file = store(StoreHeader.of(5, 10, 30, 0, DATA_FP, TEACHER_FP), randomRecords(30, 5, 10, 12));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(20);
        }
        assertRefused(file, Expectation.none(), "truncated: 20 bytes, shorter than the " + StoreHeader.HEADER_BYTES + "-byte header");
    }

    @Test
    void anOverLongFileIsRefused() throws IOException {
        Path file = store(StoreHeader.of(5, 10, 30, 0, DATA_FP, TEACHER_FP), randomRecords(30, 5, 10, 13));
        long size = fileSize(file);
        Files.write(file, new byte[3], StandardOpenOption.APPEND);
        assertRefused(file, Expectation.none(), "over-long: " + (size + 3) + " bytes, expected " + size);
    }

    @Test
    void aFlippedRecordByteIsRefusedNamingItsBlocksRecords() throws IOException {
        StoreHeader header = StoreHeader.of(5, 10, 3000, 0, DATA_FP, TEACHER_FP);
        List<LogitRecord> records = randomRecords(3000, 5, 10, 14);
        Path file = store(header, records);
        flip(file, StoreHeader.HEADER_BYTES + 1500L * header.recordBytes() + 3);
        try (LogitStoreReader r = LogitStoreReader.open(file, Expectation.none())) {
            assertSameRecord(records.get(0), r.read(0), 0);
            assertSameRecord(records.get(2500), r.read(2500), 2500);
            TinyVitException e = assertThrows(TinyVitException.class, () -> r.read(1024));
            assertOneLine(e, file, "records 1024-2047 (block 1) fail their checksum; the store is corrupted");
        }
    }

    @Test
    void verifyAllFindsAFlippedByteInTheLastShortBlock() throws IOException {
        StoreHeader header = StoreHeader.of(5, 10, 3000, 0, DATA_FP, TEACHER_FP);
        Path file = store(header, randomRecords(3000, 5, 10, 15));
        flip(file, StoreHeader.HEADER_BYTES + 2999L * header.recordBytes() + header.recordBytes() - 1);
        try (LogitStoreReader r = LogitStoreReader.open(file, Expectation.none())) {
            TinyVitException e = assertThrows(TinyVitException.class, r::verifyAll);
            assertOneLine(e, file, "records 2048-2999 (block 2) fail their checksum");
        }
    }

    @Test
    void aFlippedChecksumTableByteIsRefused() throws IOException {
        Path file = store(StoreHeader.of(5, 10, 3000, 0, DATA_FP, TEACHER_FP), randomRecords(3000, 5, 10, 16));
        flip(file, fileSize(file) - 1);
        try (LogitStoreReader r = LogitStoreReader.open(file, Expectation.none())) {
            assertOneLine(assertThrows(TinyVitException.class, () -> r.read(2999)), file, "(block 2) fail their checksum");
        }
    }

    @Test
    void aBadClassIndexBehindAValidChecksumIsRefused() throws IOException {
        StoreHeader header = StoreHeader.of(5, 10, 30, 0, DATA_FP, TEACHER_FP);
        Path file = store(header, randomRecords(30, 5, 10, 17));
        long recordStart = StoreHeader.HEADER_BYTES + 17L * header.recordBytes();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) 20000), recordStart + 4 + 2);
            int dataBytes = 30 * header.recordBytes();
            ByteBuffer data = ByteBuffer.allocate(dataBytes);
            ch.read(data, StoreHeader.HEADER_BYTES);
            CRC32 crc = new CRC32();
            crc.update(data.array());
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) crc.getValue()),
                    StoreHeader.HEADER_BYTES + dataBytes);
        }
        try (LogitStoreReader r = LogitStoreReader.open(file, Expectation.none())) {
            r.verifyAll();
            r.read(16);
            assertOneLine(assertThrows(TinyVitException.class, () -> r.read(17)), file, "record 17: class index 20000 out of range [0, 10)");
        }
    }

    @Test
    void aFlippedHeaderByteFailsTheHeaderChecksum() throws IOException {
        Path file = store(StoreHeader.of(5, 10, 30, 0, DATA_FP, TEACHER_FP), randomRecords(30, 5, 10, 18));
        flip(file, 13);
        assertRefused(file, Expectation.none(), "header checksum mismatch");
        flip(file, 13);
        flip(file, 120);
        assertRefused(file, Expectation.none(), "header checksum mismatch");
    }

    @Test
    void aFileWithoutTheMagicIsNotAStore() throws IOException {
        Path file = store(StoreHeader.of(5, 10, 30, 0, DATA_FP, TEACHER_FP), randomRecords(30, 5, 10, 19));
        flip(file, 2);
        assertRefused(file, Expectation.none(), "not a teacher-logit store");
        Path other = dir.resolve("other.bin");
        Files.writeString(other, "{\"not\": \"a store\"}");
        assertRefused(other, Expectation.none(), "not a teacher-logit store");
    }

    @Test
    void anUnsupportedFormatVersionIsRefused() throws IOException {
        Path file = dir.resolve("v2.logits");
        Files.write(file, new StoreHeader(2, 5, 10, 2, 0, 0, 1024, DATA_FP, TEACHER_FP).encode());
        assertRefused(file, Expectation.none(), "format version 2 is not supported");
    }

    @Test
    void anAbsurdSampleCountIsRefusedWithoutAllocating() throws IOException {
        Path file = dir.resolve("absurd.logits");
        Files.write(file, new StoreHeader(1, 5, 10, 2, Long.MAX_VALUE / 3, 0, 1024, DATA_FP, TEACHER_FP).encode());
        assertRefused(file, Expectation.none(), "sample count " + Long.MAX_VALUE / 3 + " is absurd");
        Files.write(file, new StoreHeader(1, 5, 10, 2, 1L << 40, 0, 1024, DATA_FP, TEACHER_FP).encode());
        assertRefused(file, Expectation.none(), "truncated: " + StoreHeader.HEADER_BYTES + " bytes, expected");
        Files.write(file, new StoreHeader(1, 5, 10, 3, 10, 0, 1024, DATA_FP, TEACHER_FP).encode());
        assertRefused(file, Expectation.none(), "bad header: class index width 3 bytes is not 2 or 4");
    }

    @Test
    void aStoreWithAnotherTopKIsRefused() {
        assertMismatch(new Expectation(10, null, null, null, null, null), "top-K 5, expected 10");
    }

    @Test
    void aStoreWithAnotherClassCountIsRefused() {
        assertMismatch(new Expectation(null, 1000, null, null, null, null), "number of classes 10, expected 1000");
    }

    @Test
    void aStoreWithAnotherSampleCountIsRefused() {
        assertMismatch(new Expectation(null, null, 31L, null, null, null), "sample count 30, expected 31");
    }

    @Test
    void aStoreForAnotherEpochIsRefused() {
        assertMismatch(new Expectation(null, null, null, 4, null, null), "epoch 0, expected 4");
    }

    @Test
    void aStoreOfAnotherDataSetIsRefused() {
        String other = fingerprint("cifar-10");
        assertMismatch(new Expectation(null, null, null, null, other, null), "dataset fingerprint " + DATA_FP.substring(0, 16)
                + "… does not match the data set's " + other.substring(0, 16) + "… (another data set)");
    }

    @Test
    void aStoreOfAnotherTeacherIsRefused() {
        String other = fingerprint("another teacher");
        assertMismatch(new Expectation(null, null, null, null, null, other), "teacher fingerprint " + TEACHER_FP.substring(0, 16)
                + "… does not match the teacher's " + other.substring(0, 16) + "…");
    }

    @Test
    void aStoreMatchingEveryExpectationOpens() {
        StoreHeader header = StoreHeader.of(5, 10, 30, 0, DATA_FP, TEACHER_FP);
        Path file = store(header, randomRecords(30, 5, 10, 20));
        try (LogitStoreReader r = LogitStoreReader.open(file, Expectation.of(header))) {
            assertEquals(header, r.header());
        }
    }

    private void assertMismatch(Expectation expected, String message) {
        Path file = store(StoreHeader.of(5, 10, 30, 0, DATA_FP, TEACHER_FP), randomRecords(30, 5, 10, 21));
        assertRefused(file, expected, message);
    }

    private Path store(StoreHeader header, List<LogitRecord> records) {
        try (LogitStoreWriter w = LogitStoreWriter.create(dir, header)) {
            for (LogitRecord r : records) {
                w.write(r);
            }
            w.commit();
        }
        Path file = LogitStore.epochFile(dir, header.epoch());
        assertEquals(header.expectedFileLength(), fileSize(file));
        return file;
    }

    /** Top-K of a random distribution: distinct classes, probabilities descending. */
    private static List<LogitRecord> randomRecords(int n, int k, int classes, long seed) {
        Random random = new Random(seed);
        List<LogitRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LogitRecord r = new LogitRecord(k);
            r.seed = random.nextInt();
            int[] picked = random.ints(0, classes).distinct().limit(k).toArray();
            float remaining = 1f;
            for (int j = 0; j < k; j++) {
                r.classes[j] = picked[j];
                r.probs[j] = remaining * (0.5f + 0.5f * random.nextFloat());
                remaining -= r.probs[j];
            }
            records.add(r);
        }
        return records;
    }

    private static void assertSameRecord(LogitRecord written, LogitRecord read, long index) {
        assertEquals(written.seed, read.seed, "seed of record " + index);
        assertArrayEquals(written.classes, read.classes, "classes of record " + index);
        float[] rounded = new float[written.probs.length];
        for (int j = 0; j < rounded.length; j++) {
            rounded[j] = Float.float16ToFloat(Float.floatToFloat16(written.probs[j]));
        }
        assertArrayEquals(rounded, read.probs, 0f, "probabilities of record " + index);
    }

    private static void assertRefused(Path file, Expectation expected, String message) {
        TinyVitException e = assertThrows(TinyVitException.class, () -> LogitStoreReader.open(file, expected).close());
        assertOneLine(e, file, message);
    }

    private static void assertOneLine(TinyVitException e, Path file, String message) {
        assertTrue(e.getMessage().startsWith(file + ": "), "message names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private static void flip(Path file, long position) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, position);
            b.put(0, (byte) (b.get(0) ^ 0x10));
            ch.write(b.rewind(), position);
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static String fingerprint(String text) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
