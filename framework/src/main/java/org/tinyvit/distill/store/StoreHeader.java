package org.tinyvit.distill.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The header of one epoch's teacher-logit file: what the records hold (top-K, class count,
 * index width), how many there are, and fingerprints of the data set and teacher that made
 * them. On disk it is {@value #HEADER_BYTES} little-endian bytes ending in its own CRC32.
 */
public record StoreHeader(int formatVersion, int topK, int numClasses, int indexBytes, long sampleCount, int epoch,
        int recordsPerBlock, String datasetFingerprint, String teacherFingerprint) {
    public static final int FORMAT_VERSION = 1;
    public static final int RECORDS_PER_BLOCK = 1024;
    public static final int MAX_FINGERPRINT_CHARS = 64;
    /** Past this, a record would be larger than a dense float16 distribution over ImageNet-22k needs. */
    public static final int MAX_TOP_K = 1 << 16;
    /** Magic, 4 ints, a long, 2 ints, 2 fingerprints, the CRC. */
    public static final int HEADER_BYTES = 8 + 4 * 4 + 8 + 2 * 4 + 2 * MAX_FINGERPRINT_CHARS + 4;
    static final String MAGIC = "TVLOGITS";
    /** Largest class count whose indices fit a signed int16. */
    static final int MAX_SHORT_CLASSES = Short.MAX_VALUE;

    /** The header a writer uses: int16 indices when they fit, version 1, 1024 records a block. */
    public static StoreHeader of(int topK, int numClasses, long sampleCount, int epoch, String datasetFp, String teacherFp) {
        int indexBytes = numClasses <= MAX_SHORT_CLASSES ? 2 : 4;
        return new StoreHeader(FORMAT_VERSION, topK, numClasses, indexBytes, sampleCount, epoch, RECORDS_PER_BLOCK, datasetFp, teacherFp);
    }

    /** Bytes per record: an int32 seed, K class indices and K float16 probabilities. */
    public int recordBytes() {
        return 4 + topK * (indexBytes + 2);
    }

    /** Checksum blocks; the last may hold fewer than {@link #recordsPerBlock} records. */
    public long blockCount() {
        return sampleCount / recordsPerBlock + (sampleCount % recordsPerBlock == 0 ? 0 : 1);
    }

    /** Header, records and checksum table; throws ArithmeticException for an absurd sample count. */
    public long expectedFileLength() {
        long records = Math.multiplyExact(sampleCount, (long) recordBytes());
        return Math.addExact(Math.addExact(HEADER_BYTES, records), Math.multiplyExact(blockCount(), 4L));
    }

    /** What is wrong with these fields, or null when a store can have them. */
    String invalidity() {
        if (formatVersion != FORMAT_VERSION) {
            return "format version " + formatVersion + " is not supported (this build reads version " + FORMAT_VERSION + ")";
        }
        if (numClasses < 1) {
            return "number of classes " + numClasses + " is not positive";
        }
        if (topK < 1 || topK > MAX_TOP_K) {
            return "top-K " + topK + " is not in [1, " + MAX_TOP_K + "]";
        }
        if (topK > numClasses) {
            return "top-K " + topK + " is more than the " + numClasses + " classes";
        }
        if (indexBytes != 2 && indexBytes != 4) {
            return "class index width " + indexBytes + " bytes is not 2 or 4";
        }
        if (indexBytes == 2 && numClasses > MAX_SHORT_CLASSES) {
            return "2-byte class indices cannot hold " + numClasses + " classes";
        }
        if (sampleCount < 0) {
            return "sample count " + sampleCount + " is negative";
        }
        if (epoch < 0) {
            return "epoch " + epoch + " is negative";
        }
        if (recordsPerBlock < 1) {
            return "records per block " + recordsPerBlock + " is not positive";
        }
        if ((long) recordsPerBlock * recordBytes() > Integer.MAX_VALUE) {
            return "a block of " + recordsPerBlock + " records of " + recordBytes() + " bytes exceeds 2 GiB";
        }
        try {
            expectedFileLength();
        } catch (ArithmeticException e) {
            return "sample count " + sampleCount + " is absurd (the file would exceed 2^63 bytes)";
        }
        if (blockCount() > Integer.MAX_VALUE - 8) {
            return "sample count " + sampleCount + " needs more than 2^31 checksum blocks";
        }
        String fp = fingerprintProblem("dataset", datasetFingerprint);
        return fp != null ? fp : fingerprintProblem("teacher", teacherFingerprint);
    }

    private static String fingerprintProblem(String what, String fp) {
        if (fp == null) {
            return what + " fingerprint is missing";
        }
        if (fp.length() > MAX_FINGERPRINT_CHARS) {
            return what + " fingerprint has " + fp.length() + " characters, more than " + MAX_FINGERPRINT_CHARS;
        }
        for (int i = 0; i < fp.length(); i++) {
            char c = fp.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return what + " fingerprint is not printable ASCII (character " + i + " is U+"
                        + String.format("%04X", (int) c) + ")";
            }
        }
        return null;
    }

    /** The on-disk header bytes, CRC included; the fields are not checked. */
    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC.getBytes(StandardCharsets.US_ASCII));
        b.putInt(formatVersion).putInt(topK).putInt(numClasses).putInt(indexBytes);
        b.putLong(sampleCount).putInt(epoch).putInt(recordsPerBlock);
        putFingerprint(b, datasetFingerprint);
        putFingerprint(b, teacherFingerprint);
        b.putInt(crc(b.array()));
        return b.array();
    }

    /** The fields of a header whose magic, version and CRC the caller has checked. */
    static StoreHeader decode(ByteBuffer b) {
        return new StoreHeader(b.getInt(8), b.getInt(12), b.getInt(16), b.getInt(20), b.getLong(24), b.getInt(32),
                b.getInt(36), fingerprint(b, 40), fingerprint(b, 40 + MAX_FINGERPRINT_CHARS));
    }

    /** CRC32 of every header byte before the CRC itself. */
    static int crc(byte[] header) {
        CRC32 crc = new CRC32();
        crc.update(header, 0, HEADER_BYTES - 4);
        return (int) crc.getValue();
    }

    private static void putFingerprint(ByteBuffer b, String fp) {
        byte[] ascii = fp.getBytes(StandardCharsets.US_ASCII);
        b.put(ascii, 0, Math.min(ascii.length, MAX_FINGERPRINT_CHARS));
        for (int i = ascii.length; i < MAX_FINGERPRINT_CHARS; i++) {
            b.put((byte) 0);
        }
    }

    /** Trailing zeros are padding; anything else non-printable is left in for invalidity() to name. */
    private static String fingerprint(ByteBuffer b, int offset) {
        byte[] raw = new byte[MAX_FINGERPRINT_CHARS];
        b.get(offset, raw);
        int end = raw.length;
        while (end > 0 && raw[end - 1] == 0) {
            end--;
        }
        return new String(raw, 0, end, StandardCharsets.ISO_8859_1);
    }
}
