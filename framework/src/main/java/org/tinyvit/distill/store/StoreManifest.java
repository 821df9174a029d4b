package org.tinyvit.distill.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.Augmentation;
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
        int topK, int numClasses, int imgSize, long seed, Augmentation.Policy augmentation) {
    /** Version 2 names the augmentation policy; version 1 stores were all made with the strong one. */
    public static final int FORMAT_VERSION = 2;
    private static final int STRONG_ONLY_VERSION = 1;
    public static final String FILE = "store.json";

    public void write(Path dir) {
        ObjectNode n = Json.object("formatVersion", FORMAT_VERSION, "teacherFingerprint", teacherFingerprint, "datasetName", datasetName,
                "datasetFingerprint", datasetFingerprint, "sampleCount", sampleCount, "topK", topK, "numClasses", numClasses,
                "imgSize", imgSize, "seed", seed, "augmentation", augmentation.label());
        AtomicFiles.writeString(dir.resolve(FILE), Json.pretty(n) + "\n");
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static StoreManifest read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new TinyVitException(dir + ": not a logit store (no " + FILE + "); make one with the logits job");
        }
        try {
            JsonNode n = Json.parse(Files.readString(file));
            int version = n.path("formatVersion").asInt(-1);
            if (version != FORMAT_VERSION && version != STRONG_ONLY_VERSION) {
                throw new TinyVitException(file + ": formatVersion " + n.get("formatVersion") + " is not supported (expected " + FORMAT_VERSION + ")");
            }
            Augmentation.Policy augmentation = version == STRONG_ONLY_VERSION ? Augmentation.Policy.STRONG : policy(n, file);
            return new StoreManifest(text(n, "teacherFingerprint", file), text(n, "datasetName", file), text(n, "datasetFingerprint", file),
                    number(n, "sampleCount", file).intValue(), number(n, "topK", file).intValue(), number(n, "numClasses", file).intValue(),
                    number(n, "imgSize", file).intValue(), number(n, "seed", file).longValue(), augmentation);
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

    private static Augmentation.Policy policy(JsonNode n, Path file) {
        try {
            return Augmentation.Policy.of(text(n, "augmentation", file));
        } catch (TinyVitException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new TinyVitException(file + ": " + e.getMessage());
        }
    }
}
