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
        ArrayNode list = node.putArray("epochs");
        for (Epoch e : epochs) {
            list.addObject().put("epoch", e.epoch()).put("loss", e.loss()).put("valAccuracy", e.valAccuracy()).put("seconds", e.seconds());
        }
        return node;
    }

    public void write(Path dir, ObjectNode extra) {
        ObjectNode node = toJson();
        if (extra != null) {
            node.setAll(extra);
        }
        AtomicFiles.writeString(dir.resolve(FILE), Json.pretty(node) + "\n");
    }
}
