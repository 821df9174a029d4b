package org.tinyvit.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Map;

/** Safetensors dtype names, their byte widths and their DJL types. */
final class DType {
    private static final Map<String, DataType> BY_NAME = Map.ofEntries(
            Map.entry("F64", DataType.FLOAT64), Map.entry("F32", DataType.FLOAT32),
            Map.entry("F16", DataType.FLOAT16), Map.entry("BF16", DataType.BFLOAT16),
            Map.entry("I64", DataType.INT64), Map.entry("I32", DataType.INT32),
            Map.entry("I16", DataType.INT16), Map.entry("I8", DataType.INT8),
            Map.entry("U8", DataType.UINT8), Map.entry("BOOL", DataType.BOOLEAN));
    private static final Map<String, Integer> WIDTH = Map.ofEntries(
            Map.entry("F64", 8), Map.entry("F32", 4), Map.entry("F16", 2), Map.entry("BF16", 2),
            Map.entry("I64", 8), Map.entry("I32", 4), Map.entry("I16", 2), Map.entry("I8", 1),
            Map.entry("U8", 1), Map.entry("BOOL", 1), Map.entry("U16", 2), Map.entry("U32", 4), Map.entry("U64", 8));

    private DType() {}

    /** Bytes per element, or -1 for a name safetensors does not define. */
    static int byteWidth(String name) {
        return WIDTH.getOrDefault(name, -1);
    }

    static String name(DataType type) {
        return BY_NAME.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no safetensors dtype for " + type));
    }

    static NDArray toArray(NDManager manager, ByteBuffer bytes, String name, Shape shape) {
        DataType type = BY_NAME.get(name);
        if (type == null) {
            throw new IllegalArgumentException("dtype " + name + " is not supported for loading");
        }
        return manager.create(bytes, shape, type);
    }
}
