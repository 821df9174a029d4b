package org.tinyvit.distill.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.tinyvit.TinyVitException;

/**
 * Writes one epoch's teacher-logit store: records in sample order to a temporary file, then on
 * {@link #commit} the per-block checksums, a flush to disk and a rename into place. Closing
 * without committing deletes the temporary file, so an epoch's file exists only when whole.
 * Not thread-safe.
 *
 * <pre>{@code
 * try (LogitStoreWriter w = LogitStoreWriter.create(dir, StoreHeader.of(10, 1000, n, epoch, dataFp, teacherFp))) {
 *     for (...) w.write(record);
 *     w.commit();
 * }
 * }</pre>
 */
public final class LogitStoreWriter implements AutoCloseable {
    private static final int BUFFER_BYTES = 1 << 20;

    private final Path target;
    private final Path tmp;
    private final StoreHeader header;
    private final int recordBytes;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final CRC32 blockCrc = new CRC32();
    private int[] blockCrcs = new int[64];
    private int blocks;
    private long written;
    private boolean done;

    private LogitStoreWriter(Path target, Path tmp, StoreHeader header, FileChannel channel) {
        this.target = target;
        this.tmp = tmp;
        this.header = header;
        this.recordBytes = header.recordBytes();
        this.channel = channel;
        this.buffer = ByteBuffer.allocate(Math.max(BUFFER_BYTES, recordBytes)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(header.encode());
    }

    /** Starts {@code dir/.epoch-NNNN.logits.tmp}, creating the folder if needed. */
    public static LogitStoreWriter create(Path dir, StoreHeader header) {
        String problem = header.invalidity();
        if (problem != null) {
            throw new TinyVitException(dir + ": cannot start a logit store: " + problem);
        }
        Path tmp = LogitStore.tempFile(dir, header.epoch());
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            return new LogitStoreWriter(LogitStore.epochFile(dir, header.epoch()), tmp, header, channel);
        } catch (IOException e) {
            throw new TinyVitException(tmp + ": cannot create (" + e.getMessage() + ")", e);
        }
    }

    public StoreHeader header() {
        return header;
    }

    /** Records written so far. */
    public long written() {
        return written;
    }

    /** Appends the next sample's record after checking it; the record is copied. */
    public void write(LogitRecord r) {
        ensureOpen();
        if (written == header.sampleCount()) {
            throw fail("all " + header.sampleCount() + " records are already written");
        }
        check(r);
        if (buffer.remaining() < recordBytes) {
            flush();
        }
        int start = buffer.position();
        buffer.putInt(r.seed);
        for (int c : r.classes) {
            if (header.indexBytes() == 2) {
                buffer.putShort((short) c);
            } else {
                buffer.putInt(c);
            }
        }
        for (float p : r.probs) {
            buffer.putShort(Float.floatToFloat16(p));
        }
        blockCrc.update(buffer.array(), start, recordBytes);
        written++;
        if (written % header.recordsPerBlock() == 0) {
            endBlock();
        }
    }

    private void check(LogitRecord r) {
        int k = header.topK();
        if (r.classes == null || r.probs == null || r.classes.length != k || r.probs.length != k) {
            throw fail("record " + written + " needs " + k + " classes and " + k + " probabilities, has "
                    + (r.classes == null ? "no" : r.classes.length) + " and " + (r.probs == null ? "no" : r.probs.length));
        }
        for (int i = 0; i < k; i++) {
            int c = r.classes[i];
            if (c < 0 || c >= header.numClasses()) {
                throw fail("record " + written + ": class index " + c + " out of range [0, " + header.numClasses() + ")");
            }
            float p = r.probs[i];
            if (!(p >= 0f && p <= 1f)) {
                throw fail("record " + written + ": probability " + p + " (entry " + i + ") is not in [0, 1]");
            }
        }
    }

    private void endBlock() {
        if (blocks == blockCrcs.length) {
            blockCrcs = Arrays.copyOf(blockCrcs, blocks * 2);
        }
        blockCrcs[blocks++] = (int) blockCrc.getValue();
        blockCrc.reset();
    }

    /** Requires every record; writes the checksums, forces to disk and renames into place. */
    public void commit() {
        ensureOpen();
        if (written != header.sampleCount()) {
            throw fail("cannot commit: " + written + " of " + header.sampleCount() + " records written");
        }
        if (written % header.recordsPerBlock() != 0) {
            endBlock();
        }
        try {
            for (int i = 0; i < blocks; i++) {
                if (buffer.remaining() < 4) {
                    flush();
                }
                buffer.putInt(blockCrcs[i]);
            }
            flush();
            channel.force(true);
            channel.close();
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } catch (IOException | TinyVitException e) {
            close();
            throw e instanceof TinyVitException t ? t : new TinyVitException(target + ": cannot commit (" + e.getMessage() + ")", e);
        }
    }

    private void flush() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new TinyVitException(tmp + ": cannot write (" + e.getMessage() + ")", e);
        }
        buffer.clear();
    }

    private void ensureOpen() {
        if (done) {
            throw new IllegalStateException(target + ": the writer is already committed or closed");
        }
    }

    private TinyVitException fail(String problem) {
        return new TinyVitException(target + ": " + problem);
    }

    /** Without a commit, abandons the epoch: the temporary file is deleted. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.close();
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            throw new TinyVitException(tmp + ": cannot delete the unfinished store (" + e.getMessage() + ")", e);
        }
    }
}
