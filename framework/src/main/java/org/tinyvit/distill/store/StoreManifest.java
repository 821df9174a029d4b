package org.tinyvit.distill.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.AtomicFiles;
import org.tinyvit.io.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code store.json} of a logit store: which teacher and data made it, K, the class count, the
 * sample count, the resolution and the seed of the augmentation stream. Every epoch file's header
 * repeats the fingerprints, so a file copied from another store is refused too.
 */
public record StoreManifest(String teacherFingerprint, String datasetName, String datasetFingerprint, int sampleCount,
        int topK, int numClasses, int imgSize, long seed, double minScale, double maxRatio, boolean flip) {
    public static final int FORMAT_VERSION = 1;
    public static final String FILE = "store.json";

    public void write(Path dir) {
        ObjectNode n = Json.object();
        n.put("formatVersion", FORMAT_VERSION);
        n.put("teacherFingerprint", teacherFingerprint);
        n.put("datasetName", datasetName);
        n.put("datasetFingerprint", datasetFingerprint);
        n.put("sampleCount", sampleCount);
        n.put("topK", topK);
        n.put("numClasses", numClasses);
        n.put("imgSize", imgSize);
        n.put("seed", seed);
        n.put("minScale", minScale);
        n.put("maxRatio", maxRatio);
        n.put("flip", flip);
        AtomicFiles.writeString(dir.resolve(FILE), Json.pretty(n) + "\n");
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static StoreManifest read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new TinyVitException(dir + ": not a logit store (no " + FILE + "); make one with 'tinyvit logits'");
        }
        try {
            JsonNode n = Json.parse(Files.readString(file));
            if (n.path("formatVersion").asInt(-1) != FORMAT_VERSION) {
                throw new TinyVitException(file + ": formatVersion " + n.get("formatVersion") + " is not supported (expected " + FORMAT_VERSION + ")");
            }
            return new StoreManifest(text(n, "teacherFingerprint", file), text(n, "datasetName", file), text(n, "datasetFingerprint", file),
                    number(n, "sampleCount", file).intValue(), number(n, "topK", file).intValue(), number(n, "numClasses", file).intValue(),
                    number(n, "imgSize", file).intValue(), number(n, "seed", file).longValue(), number(n, "minScale", file).doubleValue(),
                    number(n, "maxRatio", file).doubleValue(), bool(n, "flip", file));
        } catch (IOException | JacksonException e) {
            throw new TinyVitException(file + ": cannot read (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private static String text(JsonNode n, String field, Path file) {
        JsonNode v = n.get(field);
        if (v == null || !v.isString()) {
            throw new TinyVitException(file + ": field '" + field + "' is missing or not a string");
        }
        return v.asString();
    }

    private static Number number(JsonNode n, String field, Path file) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new TinyVitException(file + ": field '" + field + "' is missing or not a number");
        }
        return v.numberValue();
    }

    private static boolean bool(JsonNode n, String field, Path file) {
        JsonNode v = n.get(field);
        if (v == null || !v.isBoolean()) {
            throw new TinyVitException(file + ": field '" + field + "' is missing or not true/false");
        }
        return v.booleanValue();
    }
}
