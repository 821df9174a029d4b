package org.tinyvit.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tinyvit.TinyVitException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A safetensors file: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the data. Every header field is checked against
 * the file's length before anything is read or allocated, so a damaged file is refused with a
 * one-line message instead of a crash.
 *
 * <pre>{@code
 * SafeTensors file = SafeTensors.open(path);
 * NDArray w = file.load("head.fc.weight", manager);
 * }</pre>
 */
public final class SafeTensors {
    /** Headers are a few kilobytes; anything past this is a damaged or hostile file. */
    static final long MAX_HEADER_BYTES = 100L << 20;
    private static final String METADATA = "__metadata__";

    /** One tensor's entry in the header. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final Path file;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;
    private final long dataStart;

    private SafeTensors(Path file, Map<String, Entry> entries, Map<String, String> metadata, long dataStart) {
        this.file = file;
        this.entries = entries;
        this.metadata = metadata;
        this.dataStart = dataStart;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public Path file() {
        return file;
    }

    /** Reads and checks the header; the data stays on disk until {@link #load}. */
    public static SafeTensors open(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "truncated: " + size + " bytes, less than the 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            Channels.readFully(ch, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
                throw bad(file, "header size " + Long.toUnsignedString(headerLength) + " bytes is absurd (limit " + MAX_HEADER_BYTES + ")");
            }
            if (headerLength > size - 8) {
                throw bad(file, "header length " + headerLength + " runs past the end of the file (" + size + " bytes)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            Channels.readFully(ch, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            long dataLength = size - 8 - headerLength;
            return parseHeader(file, json, dataLength, 8 + headerLength);
        } catch (IOException e) {
            throw bad(file, "cannot read (" + e.getMessage() + ")");
        }
    }

    private static SafeTensors parseHeader(Path file, String json, long dataLength, long dataStart) {
        JsonNode root;
        try {
            root = Json.parse(json);
        } catch (JacksonException e) {
            throw bad(file, "header is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!root.isObject()) {
            throw bad(file, "header is not a JSON object");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            JsonNode node = field.getValue();
            if (name.equals(METADATA)) {
                if (!node.isObject()) {
                    throw bad(file, "__metadata__ is not an object");
                }
                node.properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asString()));
                continue;
            }
            entries.put(name, parseEntry(file, name, node, dataLength));
        }
        checkNoOverlap(file, entries);
        return new SafeTensors(file, entries, metadata, dataStart);
    }

    private static Entry parseEntry(Path file, String name, JsonNode node, long dataLength) {
        if (!node.isObject() || !node.has("dtype") || !node.has("shape") || !node.has("data_offsets")) {
            throw bad(file, "tensor '" + name + "' needs dtype, shape and data_offsets");
        }
        String dtype = node.get("dtype").asString();
        int width = DType.byteWidth(dtype);
        if (width < 0) {
            throw bad(file, "tensor '" + name + "' has unknown dtype '" + dtype + "'");
        }
        JsonNode shapeNode = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw bad(file, "tensor '" + name + "' has a malformed shape or data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
                throw bad(file, "tensor '" + name + "' has a bad dimension " + d);
            }
            shape[i] = d.longValue();
            elements = Math.multiplyHigh(elements, shape[i]) != 0 ? Long.MAX_VALUE : elements * shape[i];
        }
        for (JsonNode o : offsets) {
            if (!o.isIntegralNumber() || !o.canConvertToLong() || o.longValue() < 0) {
                throw bad(file, "tensor '" + name + "' has a bad data offset " + o);
            }
        }
        long begin = offsets.get(0).longValue();
        long end = offsets.get(1).longValue();
        if (begin > end || end > dataLength) {
            throw bad(file, "tensor '" + name + "' offsets [" + begin + ", " + end + "] are out of range (data is " + dataLength + " bytes)");
        }
        if (elements == Long.MAX_VALUE || elements * width != end - begin) {
            throw bad(file, "tensor '" + name + "' shape " + java.util.Arrays.toString(shape) + " of " + dtype
                    + " needs " + (elements == Long.MAX_VALUE ? "too many" : Long.toString(elements * width)) + " bytes but its offsets span " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static void checkNoOverlap(Path file, Map<String, Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < sorted.size(); i++) {
            Entry previous = sorted.get(i - 1);
            Entry current = sorted.get(i);
            if (current.begin() < previous.end()) {
                throw bad(file, "tensors '" + previous.name() + "' and '" + current.name() + "' overlap");
            }
        }
    }

    /** Loads one tensor in its own dtype where DJL has it, else converted to float32. */
    public NDArray load(String name, NDManager manager) {
        Entry e = entries.get(name);
        if (e == null) {
            throw bad(file, "has no tensor '" + name + "'");
        }
        ByteBuffer bytes = read(e);
        return DType.toArray(manager, bytes, e.dtype(), new Shape(e.shape()));
    }

    /** The raw little-endian bytes of one tensor. */
    public ByteBuffer read(Entry e) {
        long length = e.end() - e.begin();
        if (length > Integer.MAX_VALUE) {
            throw bad(file, "tensor '" + e.name() + "' is larger than 2 GiB");
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) length).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Channels.readFully(ch, buffer, dataStart + e.begin());
        } catch (IOException ex) {
            throw bad(file, "cannot read tensor '" + e.name() + "' (" + ex.getMessage() + ")");
        }
        return buffer.flip();
    }

    /** Writes arrays (any DJL dtype that safetensors names) with string metadata, atomically. */
    public static void write(Path target, Map<String, NDArray> tensors, Map<String, String> metadata) {
        ObjectNode header = Json.object();
        ObjectNode meta = header.putObject(METADATA);
        metadata.forEach(meta::put);
        long offset = 0;
        List<ByteBuffer> data = new ArrayList<>();
        for (Map.Entry<String, NDArray> t : new TreeMap<>(tensors).entrySet()) {
            NDArray array = t.getValue();
            ByteBuffer bytes = array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            ObjectNode entry = header.putObject(t.getKey());
            entry.put("dtype", DType.name(array.getDataType()));
            var shape = entry.putArray("shape");
            for (long d : array.getShape().getShape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + bytes.remaining());
            offset += bytes.remaining();
            data.add(bytes);
        }
        byte[] json = Json.compact(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        AtomicFiles.write(target, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(length.array());
            out.write(json);
            for (int i = json.length; i < padded; i++) {
                out.write(' ');
            }
            byte[] chunk = new byte[1 << 16];
            for (ByteBuffer b : data) {
                while (b.hasRemaining()) {
                    int n = Math.min(chunk.length, b.remaining());
                    b.get(chunk, 0, n);
                    out.write(chunk, 0, n);
                }
            }
        });
    }


    private static TinyVitException bad(Path file, String problem) {
        return TinyVitException.inFile(file, problem);
    }
}
