package org.tinyvit.distill.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.zip.CRC32;
import org.tinyvit.TinyVitException;

/**
 * Reads one epoch's teacher-logit store by random access, memory-mapped read-only. Opening
 * checks the header, its checksum, the file's exact length and the caller's expectations, and
 * reads the checksum table; each block's checksum is checked the first time one of its records
 * is read, and every record's fields are checked as it is decoded. Safe for concurrent reads.
 *
 * <pre>{@code
 * try (LogitStoreReader r = LogitStoreReader.open(LogitStore.epochFile(dir, epoch), expectation)) {
 *     LogitRecord rec = new LogitRecord(r.header().topK());
 *     r.read(sample, rec);
 * }
 * }</pre>
 */
public final class LogitStoreReader implements AutoCloseable {
    static final long DEFAULT_SEGMENT_BYTES = 1L << 30;

    /** What the caller needs the store to be; a null field is not checked. */
    public record Expectation(Integer topK, Integer numClasses, Long sampleCount, Integer epoch,
            String datasetFingerprint, String teacherFingerprint) {
        public static Expectation none() {
            return new Expectation(null, null, null, null, null, null);
        }

        /** Every field of the given header. */
        public static Expectation of(StoreHeader h) {
            return new Expectation(h.topK(), h.numClasses(), h.sampleCount(), h.epoch(), h.datasetFingerprint(),
                    h.teacherFingerprint());
        }
    }

    private final Path file;
    private final StoreHeader header;
    private final int recordBytes;
    private final long blockBytes;
    private final long blocksPerSegment;
    private final MappedByteBuffer[] segments;
    private final int[] blockCrcs;
    private final AtomicLongArray verified;
    private volatile boolean closed;

    private LogitStoreReader(Path file, StoreHeader header, long blocksPerSegment, MappedByteBuffer[] segments, int[] blockCrcs) {
        this.file = file;
        this.header = header;
        this.recordBytes = header.recordBytes();
        this.blockBytes = (long) header.recordsPerBlock() * recordBytes;
        this.blocksPerSegment = blocksPerSegment;
        this.segments = segments;
        this.blockCrcs = blockCrcs;
        this.verified = new AtomicLongArray((blockCrcs.length + 63) / 64);
    }

    public static LogitStoreReader open(Path file, Expectation expected) {
        return open(file, expected, DEFAULT_SEGMENT_BYTES);
    }

    /** As {@link #open(Path, Expectation)}, mapping at most segmentBytes at a time (at least one block). */
    static LogitStoreReader open(Path file, Expectation expected, long segmentBytes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            StoreHeader header = readHeader(file, ch, size);
            long length = header.expectedFileLength();
            if (size != length) {
                throw bad(file, (size < length ? "truncated: " : "over-long: ") + size + " bytes, expected " + length + " ("
                        + header.sampleCount() + " records of " + header.recordBytes() + " bytes and " + header.blockCount()
                        + " block checksums)");
            }
            checkExpected(file, header, expected);
            long blockBytes = (long) header.recordsPerBlock() * header.recordBytes();
            long blocksPerSegment = Math.max(1, Math.min(segmentBytes, Integer.MAX_VALUE) / blockBytes);
            int[] crcs = readChecksums(ch, header);
            return new LogitStoreReader(file, header, blocksPerSegment, map(ch, header, blocksPerSegment), crcs);
        } catch (IOException e) {
            throw bad(file, "cannot read (" + e.getMessage() + ")");
        }
    }

    private static StoreHeader readHeader(Path file, FileChannel ch, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(size, StoreHeader.HEADER_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        org.tinyvit.io.Channels.readFully(ch, b, 0);
        byte[] magic = StoreHeader.MAGIC.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < Math.min(magic.length, b.limit()); i++) {
            if (b.get(i) != magic[i]) {
                throw bad(file, "not a teacher-logit store (it does not begin with \"" + StoreHeader.MAGIC + "\")");
            }
        }
        if (size < StoreHeader.HEADER_BYTES) {
            throw bad(file, "truncated: " + size + " bytes, shorter than the " + StoreHeader.HEADER_BYTES + "-byte header");
        }
        int version = b.getInt(8);
        if (version != StoreHeader.FORMAT_VERSION) {
            throw bad(file, "format version " + version + " is not supported (this build reads version " + StoreHeader.FORMAT_VERSION + ")");
        }
        int stored = b.getInt(StoreHeader.HEADER_BYTES - 4);
        int computed = StoreHeader.crc(b.array());
        if (stored != computed) {
            throw bad(file, String.format("header checksum mismatch (stored %08x, computed %08x); the header is corrupted", stored, computed));
        }
        StoreHeader header = StoreHeader.decode(b);
        String problem = header.invalidity();
        if (problem != null) {
            throw bad(file, "bad header: " + problem);
        }
        return header;
    }

    private static void checkExpected(Path file, StoreHeader h, Expectation e) {
        if (e.topK() != null && e.topK() != h.topK()) {
            throw bad(file, "top-K " + h.topK() + ", expected " + e.topK());
        }
        if (e.numClasses() != null && e.numClasses() != h.numClasses()) {
            throw bad(file, "number of classes " + h.numClasses() + ", expected " + e.numClasses());
        }
        if (e.sampleCount() != null && e.sampleCount() != h.sampleCount()) {
            throw bad(file, "sample count " + h.sampleCount() + ", expected " + e.sampleCount());
        }
        if (e.epoch() != null && e.epoch() != h.epoch()) {
            throw bad(file, "epoch " + h.epoch() + ", expected " + e.epoch());
        }
        if (e.datasetFingerprint() != null && !e.datasetFingerprint().equals(h.datasetFingerprint())) {
            throw bad(file, "dataset fingerprint " + shortFp(h.datasetFingerprint()) + " does not match the data set's "
                    + shortFp(e.datasetFingerprint()) + " (another data set)");
        }
        if (e.teacherFingerprint() != null && !e.teacherFingerprint().equals(h.teacherFingerprint())) {
            throw bad(file, "teacher fingerprint " + shortFp(h.teacherFingerprint()) + " does not match the teacher's "
                    + shortFp(e.teacherFingerprint()) + " (another teacher)");
        }
    }

    /** Enough of a fingerprint to tell two apart in a message. */
    private static String shortFp(String fp) {
        String printable = fp.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.isEmpty() ? "(empty)" : printable.length() <= 16 ? printable : printable.substring(0, 16) + "…";
    }

    private static int[] readChecksums(FileChannel ch, StoreHeader h) throws IOException {
        int blocks = (int) h.blockCount();
        int[] crcs = new int[blocks];
        ByteBuffer b = ByteBuffer.allocate(Math.min(blocks, 1 << 16) * 4).order(ByteOrder.LITTLE_ENDIAN);
        long position = StoreHeader.HEADER_BYTES + h.sampleCount() * h.recordBytes();
        for (int done = 0; done < blocks; ) {
            int n = Math.min(blocks - done, b.capacity() / 4);
            b.clear().limit(n * 4);
            org.tinyvit.io.Channels.readFully(ch, b, position);
            position += n * 4L;
            b.flip();
            for (int i = 0; i < n; i++) {
                crcs[done++] = b.getInt();
            }
        }
        return crcs;
    }

    /** Segments of whole blocks, so that neither a block nor a record straddles two. */
    private static MappedByteBuffer[] map(FileChannel ch, StoreHeader h, long blocksPerSegment) throws IOException {
        long dataBytes = h.sampleCount() * h.recordBytes();
        long segmentBytes = blocksPerSegment * h.recordsPerBlock() * h.recordBytes();
        int count = (int) ((h.blockCount() + blocksPerSegment - 1) / blocksPerSegment);
        MappedByteBuffer[] segments = new MappedByteBuffer[count];
        for (int i = 0; i < count; i++) {
            long start = i * segmentBytes;
            long length = Math.min(segmentBytes, dataBytes - start);
            segments[i] = ch.map(FileChannel.MapMode.READ_ONLY, StoreHeader.HEADER_BYTES + start, length);
            segments[i].order(ByteOrder.LITTLE_ENDIAN);
        }
        return segments;
    }

    public StoreHeader header() {
        return header;
    }

    public Path file() {
        return file;
    }

    /** A new record holding sample {@code index}. */
    public LogitRecord read(long index) {
        LogitRecord r = new LogitRecord(header.topK());
        read(index, r);
        return r;
    }

    /** Fills {@code into} with sample {@code index}; on a refusal its contents are unspecified. */
    public void read(long index, LogitRecord into) {
        if (closed) {
            throw new IllegalStateException(file + ": the reader is closed");
        }
        if (index < 0 || index >= header.sampleCount()) {
            throw bad(file, "record " + index + " is out of range [0, " + header.sampleCount() + ")");
        }
        int k = header.topK();
        if (into.classes == null || into.probs == null || into.classes.length != k || into.probs.length != k) {
            throw new IllegalArgumentException("the record holder needs arrays of length " + k);
        }
        int block = (int) (index / header.recordsPerBlock());
        verify(block);
        ByteBuffer s = segments[(int) (block / blocksPerSegment)];
        int p = (int) ((index - (block / blocksPerSegment) * blocksPerSegment * header.recordsPerBlock()) * recordBytes);
        into.seed = s.getInt(p);
        p += 4;
        for (int i = 0; i < k; i++, p += header.indexBytes()) {
            int c = header.indexBytes() == 2 ? s.getShort(p) : s.getInt(p);
            if (c < 0 || c >= header.numClasses()) {
                throw bad(file, "record " + index + ": class index " + c + " out of range [0, " + header.numClasses() + ")");
            }
            into.classes[i] = c;
        }
        for (int i = 0; i < k; i++, p += 2) {
            float v = Float.float16ToFloat(s.getShort(p));
            if (!(v >= 0f && v <= 1f)) {
                throw bad(file, "record " + index + ": probability " + v + " (entry " + i + ") is not in [0, 1]");
            }
            into.probs[i] = v;
        }
    }

    /** Checks every block's checksum that has not been checked yet. */
    public void verifyAll() {
        if (closed) {
            throw new IllegalStateException(file + ": the reader is closed");
        }
        for (int b = 0; b < blockCrcs.length; b++) {
            verify(b);
        }
    }

    private void verify(int block) {
        long bit = 1L << block;
        if ((verified.get(block >>> 6) & bit) != 0) {
            return;
        }
        long first = (long) block * header.recordsPerBlock();
        long end = Math.min(first + header.recordsPerBlock(), header.sampleCount());
        int offset = (int) ((block % blocksPerSegment) * blockBytes);
        CRC32 crc = new CRC32();
        crc.update(segments[(int) (block / blocksPerSegment)].slice(offset, (int) ((end - first) * recordBytes)));
        if ((int) crc.getValue() != blockCrcs[block]) {
            String which = end - first == 1 ? "record " + first + " (block " + block + ") fails its checksum"
                    : "records " + first + "-" + (end - 1) + " (block " + block + ") fail their checksum";
            throw bad(file, which + "; the store is corrupted");
        }
        verified.getAndAccumulate(block >>> 6, bit, (a, b) -> a | b);
    }

    /** Refuses further reads; Java 21 cannot unmap, so the mappings go when the reader is collected. */
    @Override
    public void close() {
        closed = true;
    }


    private static TinyVitException bad(Path file, String problem) {
        return TinyVitException.inFile(file, problem);
    }
}
