package org.tinyvit.distill;

import java.nio.file.Path;
import java.util.List;
import org.tinyvit.io.AtomicFiles;
import org.tinyvit.io.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What one training run measured; written as {@code metrics.json}. */
public record RunMetrics(String objective, List<Epoch> epochs, double valAccuracy, double testAccuracy,
        double secondsPerStep, int steps, int trainSamples) {
    public static final int FORMAT_VERSION = 1;
    public static final String FILE = "metrics.json";

    /** One epoch: mean training loss, validation accuracy, wall seconds. */
    public record Epoch(int epoch, double loss, double valAccuracy, double seconds) {}

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("formatVersion", FORMAT_VERSION);
        node.put("objective", objective);
        node.put("valAccuracy", valAccuracy);
        if (Double.isNaN(testAccuracy)) {
            node.putNull("testAccuracy"); // not measured (yet): JSON has no NaN
        } else {
            node.put("testAccuracy", testAccuracy);
        }
        node.put("secondsPerStep", secondsPerStep);
        node.put("steps", steps);
        node.put("trainSamples", trainSamples);
        node.set("epochs", toJson(epochs));
        return node;
    }

    /** Epochs as a JSON array of objects with {@code epoch}, {@code loss}, {@code valAccuracy} and {@code seconds}. */
    static ArrayNode toJson(List<Epoch> epochs) {
        ArrayNode list = Json.mapper().createArrayNode();
        for (Epoch e : epochs) {
            list.addObject().put("epoch", e.epoch()).put("loss", e.loss()).put("valAccuracy", e.valAccuracy()).put("seconds", e.seconds());
        }
        return list;
    }

    /** The epochs of a JSON array that {@link #toJson(List)} wrote. */
    static List<Epoch> epochsFrom(tools.jackson.databind.JsonNode list) {
        List<Epoch> epochs = new java.util.ArrayList<>();
        for (tools.jackson.databind.JsonNode e : list) {
            epochs.add(new Epoch(e.path("epoch").asInt(), e.path("loss").asDouble(), e.path("valAccuracy").asDouble(), e.path("seconds").asDouble()));
        }
        return epochs;
    }

    /** Reads a {@code metrics.json}; a bad or foreign file is refused with its path. */
    public static RunMetrics read(Path file) {
        tools.jackson.databind.JsonNode n;
        try {
            n = Json.parse(java.nio.file.Files.readString(file));
        } catch (java.io.IOException | tools.jackson.core.JacksonException e) {
            throw org.tinyvit.TinyVitException.inFile(file, "cannot read run metrics (" + e.getMessage() + ")");
        }
        if (n.path("formatVersion").asInt(-1) != FORMAT_VERSION) {
            throw org.tinyvit.TinyVitException.inFile(file, "not run metrics of format version " + FORMAT_VERSION);
        }
        for (String field : new String[] {"objective", "valAccuracy", "testAccuracy", "secondsPerStep", "steps", "trainSamples", "epochs"}) {
            if (!n.has(field)) {
                throw org.tinyvit.TinyVitException.inFile(file, "run metrics lack '" + field + "'");
            }
        }
        return new RunMetrics(n.get("objective").asString(), epochsFrom(n.get("epochs")), n.get("valAccuracy").asDouble(),
                n.get("testAccuracy").isNull() ? Double.NaN : n.get("testAccuracy").asDouble(), n.get("secondsPerStep").asDouble(),
                n.get("steps").asInt(), n.get("trainSamples").asInt());
    }

    public void write(Path dir, ObjectNode extra) {
        ObjectNode node = toJson();
        if (extra != null) {
            node.setAll(extra);
        }
        AtomicFiles.writeString(dir.resolve(FILE), Json.pretty(node) + "\n");
    }
}
