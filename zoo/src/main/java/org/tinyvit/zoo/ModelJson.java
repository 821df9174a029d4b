package org.tinyvit.zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.AtomicFiles;
import org.tinyvit.io.Json;
import org.tinyvit.model.Families;
import org.tinyvit.model.ModelFamily;
import org.tinyvit.model.StudentSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code model.json} of a trained model in a zoo folder:
 *
 * <pre>{"formatVersion":1, "name":"…", "family":"tinyvit", "description":"…", "spec":{…},
 *  "preprocessing":{"resize":28,"crop":28,"inChans":1,"mean":[…],"std":[…]}, "classes":[…],
 *  "testAccuracy":0.91, "params":N, "macs":N, "deployParams":N, "deployMacs":N,
 *  "weights":{"file":"weights.safetensors","sha256":"…","size":N}, "source":{…}}</pre>
 *
 * <p>{@code params} and {@code macs} are at the spec's own input, {@code deploy*} at 224 px, 3
 * channels and 1000 classes. Written atomically; read strictly: every field is required
 * ({@code testAccuracy} may be null), unknown fields are refused, and every message starts with
 * the file's path.
 */
public final class ModelJson {
    public static final String FILE = "model.json";
    public static final int FORMAT_VERSION = 1;
    private static final Set<String> FIELDS = Set.of("formatVersion", "name", "family", "description", "spec", "preprocessing",
            "classes", "testAccuracy", "params", "macs", "deployParams", "deployMacs", "weights", "source");
    private static final Set<String> WEIGHTS_FIELDS = Set.of("file", "sha256", "size");

    private ModelJson() {}

    public static void write(Path file, ZooEntry entry, WeightsFile weights) {
        AtomicFiles.writeString(file, Json.pretty(toJson(entry, weights)) + "\n");
    }

    static ObjectNode toJson(ZooEntry entry, WeightsFile weights) {
        StudentSpec spec = entry.spec();
        StudentSpec deployed = Families.deployed(spec);
        ObjectNode node = Json.object("formatVersion", FORMAT_VERSION, "name", entry.name(), "family", spec.family(),
                "description", entry.description(), "spec", spec.toJson(), "preprocessing", entry.preprocessing().toJson());
        entry.classes().forEach(node.putArray("classes")::add);
        Json.with(node, "testAccuracy", entry.testAccuracy(), "params", Families.params(spec), "macs", Families.macs(spec),
                "deployParams", Families.params(deployed), "deployMacs", Families.macs(deployed));
        node.set("weights", Json.object("file", weights.file(), "sha256", weights.sha256(), "size", weights.size()));
        node.set("source", entry.source());
        return node;
    }

    /** Reads a model.json; the weights file is not looked at here. */
    public static ZooItem read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw TinyVitException.inFile(file, "cannot read (" + e.getMessage() + ")");
        }
        JsonNode root;
        try {
            root = Json.parse(text);
        } catch (JacksonException e) {
            throw TinyVitException.inFile(file, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        try {
            return parse(root, file);
        } catch (TinyVitException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : TinyVitException.inFile(file, e.getMessage());
        }
    }

    private static ZooItem parse(JsonNode root, Path file) {
        if (!root.isObject()) {
            throw new TinyVitException("must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new TinyVitException("unknown field '" + field.getKey() + "' (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        long version = count(root, "formatVersion");
        if (version != FORMAT_VERSION) {
            throw new TinyVitException("formatVersion " + version + " is not supported (expected " + FORMAT_VERSION + ")");
        }
        String name = text(root, "name");
        Path folder = file.toAbsolutePath().getParent();
        if (!name.equals(folder.getFileName().toString())) {
            throw new TinyVitException("name '" + name + "' differs from its folder's name '" + folder.getFileName() + "'");
        }
        ModelFamily family = Families.named(text(root, "family"));
        StudentSpec spec = family.parse(required(root, "spec"), file + " field 'spec'");
        if (!spec.family().equals(family.name())) {
            throw new TinyVitException("field 'spec' is a " + spec.family() + " spec but 'family' says " + family.name());
        }
        for (String derived : List.of("params", "macs", "deployParams", "deployMacs")) {
            count(root, derived);
        }
        ZooEntry entry = new ZooEntry(name, text(root, "description"), spec,
                Preprocessing.fromJson(required(root, "preprocessing"), file.toString()),
                strings(root, "classes"), accuracy(root), object(root, "source"));
        return new ZooItem(entry, ZooItem.Kind.TRAINED, folder, weights(object(root, "weights")));
    }

    private static WeightsFile weights(ObjectNode node) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!WEIGHTS_FIELDS.contains(field.getKey())) {
                throw new TinyVitException("unknown field 'weights." + field.getKey() + "' (known: file, sha256, size)");
            }
        }
        return new WeightsFile(text(node, "file"), text(node, "sha256"), count(node, "size"));
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new TinyVitException("field '" + field + "' is required");
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!v.isString()) {
            throw new TinyVitException("field '" + field + "' must be a string, got " + v);
        }
        return v.asString();
    }

    private static long count(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new TinyVitException("field '" + field + "' must be a non-negative integer, got " + v);
        }
        return v.longValue();
    }

    private static ObjectNode object(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!(v instanceof ObjectNode o)) {
            throw new TinyVitException("field '" + field + "' must be a JSON object, got " + v);
        }
        return o;
    }

    private static List<String> strings(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!v.isArray()) {
            throw new TinyVitException("field '" + field + "' must be an array of strings, got " + v);
        }
        List<String> values = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isString()) {
                throw new TinyVitException("field '" + field + "' must hold strings, got " + s);
            }
            values.add(s.asString());
        }
        return values;
    }

    private static Double accuracy(JsonNode node) {
        JsonNode v = required(node, "testAccuracy");
        if (v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new TinyVitException("field 'testAccuracy' must be a number or null, got " + v);
        }
        return v.doubleValue();
    }
}
