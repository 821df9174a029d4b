package org.tinyvit.model.tinyvit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.Json;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes {@link TinyVitSpec} JSON:
 *
 * <pre>{"embedDims":[64,128,160,320],"depths":[2,2,6,2],"numHeads":[2,4,5,10],
 *  "windowSizes":[7,7,14,7],"mlpRatio":4.0,"mbconvExpandRatio":4.0,"localConvSize":3,
 *  "imgSize":224,"inChans":3,"numClasses":1000,"dropPath":0.0}</pre>
 *
 * <p>{@code embedDims}, {@code depths} and {@code windowSizes} are required; {@code numHeads}
 * defaults to width / 32; the scalars default to the values above. An optional
 * {@code formatVersion} must be {@value StudentSpec#FORMAT_VERSION}. Any other field is refused.
 */
public final class SpecJson {
    public static final int DEFAULT_HEAD_DIM = 32;
    private static final String VERSION_FIELD = "formatVersion";

    private SpecJson() {}

    private static TinyVitSpec parse(String json, String source) {
        JsonNode root;
        try {
            root = Json.parse(json);
        } catch (JacksonException e) {
            throw new TinyVitException(source + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        return fromNode(root, source);
    }

    public static TinyVitSpec read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new TinyVitException(file + ": cannot read spec (" + e.getMessage() + ")");
        }
    }

    /** Canonical compact JSON, fields in declaration order, no version field. */
    public static String write(TinyVitSpec spec) {
        return Json.compact(toNode(spec));
    }

    public static ObjectNode toNode(TinyVitSpec s) {
        ObjectNode node = Json.object();
        array(node.putArray("embedDims"), s.embedDims());
        array(node.putArray("depths"), s.depths());
        array(node.putArray("numHeads"), s.numHeads());
        array(node.putArray("windowSizes"), s.windowSizes());
        node.put("mlpRatio", s.mlpRatio());
        node.put("mbconvExpandRatio", s.mbconvExpandRatio());
        node.put("localConvSize", s.localConvSize());
        node.put("imgSize", s.imgSize());
        node.put("inChans", s.inChans());
        node.put("numClasses", s.numClasses());
        node.put("dropPath", s.dropPath());
        return node;
    }

    public static TinyVitSpec fromNode(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new TinyVitException(source + ": a spec must be a JSON object");
        }
        List<String> known = new ArrayList<>(TinyVitSpec.fieldNames());
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            if (name.equals(Families.FAMILY_FIELD)) {
                if (!field.getValue().isString() || !TinyVitFamily.NAME.equals(field.getValue().asString())) {
                    throw new TinyVitException(source + ": field '" + name + "' of a TinyViT spec must be \"" + TinyVitFamily.NAME + "\"");
                }
                continue;
            }
            if (!known.contains(name) && !name.equals(VERSION_FIELD)) {
                throw new TinyVitException(source + ": unknown spec field '" + name + "' (known: " + String.join(", ", known) + ")");
            }
        }
        if (root.has(VERSION_FIELD) && root.get(VERSION_FIELD).asInt(-1) != StudentSpec.FORMAT_VERSION) {
            throw new TinyVitException(source + ": spec formatVersion " + root.get(VERSION_FIELD) + " is not supported (expected " + StudentSpec.FORMAT_VERSION + ")");
        }
        try {
            int[] dims = ints(root, "embedDims", source, true);
            int[] heads = root.has("numHeads") ? ints(root, "numHeads", source, true) : defaultHeads(dims);
            return new TinyVitSpec(
                    dims,
                    ints(root, "depths", source, true),
                    heads,
                    ints(root, "windowSizes", source, true),
                    real(root, "mlpRatio", TinyVitSpec.DEFAULT_MLP_RATIO, source),
                    real(root, "mbconvExpandRatio", TinyVitSpec.DEFAULT_MBCONV_EXPAND_RATIO, source),
                    integer(root, "localConvSize", TinyVitSpec.DEFAULT_LOCAL_CONV_SIZE, source),
                    integer(root, "imgSize", TinyVitSpec.DEFAULT_IMG_SIZE, source),
                    integer(root, "inChans", TinyVitSpec.DEFAULT_IN_CHANS, source),
                    integer(root, "numClasses", TinyVitSpec.DEFAULT_NUM_CLASSES, source),
                    real(root, "dropPath", TinyVitSpec.DEFAULT_DROP_PATH, source));
        } catch (TinyVitException e) {
            if (e.getMessage().startsWith(source)) {
                throw e;
            }
            throw new TinyVitException(source + ": " + e.getMessage());
        }
    }

    private static int[] defaultHeads(int[] dims) {
        int[] heads = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            heads[i] = Math.max(1, dims[i] / DEFAULT_HEAD_DIM);
        }
        return heads;
    }

    private static void array(ArrayNode node, int[] values) {
        for (int v : values) {
            node.add(v);
        }
    }

    private static int[] ints(JsonNode root, String field, String source, boolean required) {
        JsonNode node = root.get(field);
        if (node == null) {
            throw new TinyVitException(source + ": spec field '" + field + "' is required");
        }
        if (!node.isArray()) {
            throw new TinyVitException(source + ": spec field '" + field + "' must be an array of integers");
        }
        int[] values = new int[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new TinyVitException(source + ": spec field '" + field + "' entry " + i + " must be an integer, got " + v);
            }
            values[i] = v.intValue();
        }
        return values;
    }

    private static int integer(JsonNode root, String field, int fallback, String source) {
        JsonNode v = root.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new TinyVitException(source + ": spec field '" + field + "' must be an integer, got " + v);
        }
        return v.intValue();
    }

    private static double real(JsonNode root, String field, double fallback, String source) {
        JsonNode v = root.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new TinyVitException(source + ": spec field '" + field + "' must be a number, got " + v);
        }
        return v.doubleValue();
    }
}
