package org.tinyvit.zoo;

import java.util.List;
import java.util.regex.Pattern;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.Json;
import org.tinyvit.model.StudentSpec;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the zoo records about one model: its name (the DJL artifact id), the architecture at its
 * training input, how images are prepared for it, its class names, its test accuracy when
 * measured (else null) and a free-form description of where it came from.
 *
 * <pre>{@code
 * ZooEntry entry = new ZooEntry("fashion-5m", "TinyViT-5M distilled on Fashion-MNIST", spec,
 *         Preprocessing.ofTraining(28, data.mean(), data.std()), FashionMnist.CLASSES, 0.91, source);
 * ZooFolder.install(ZooFolder.defaultLocation(), entry, Path.of("runs/student"));
 * }</pre>
 */
public record ZooEntry(String name, String description, StudentSpec spec, Preprocessing preprocessing,
        List<String> classes, Double testAccuracy, ObjectNode source) {
    /** Lower-case letters, digits, '.', '_' and '-': safe as a folder name, a URL path and an artifact id. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    /** Checks that the parts agree with each other; the message names the entry and the field. */
    public ZooEntry {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new TinyVitException("zoo model name '" + name + "' must match " + NAME.pattern()
                    + " (lower-case letters, digits, '.', '_', '-')");
        }
        description = description == null ? "" : description;
        classes = List.copyOf(classes);
        source = source == null ? Json.object() : source.deepCopy();
        require(spec != null, name, "spec", "is required");
        require(preprocessing != null, name, "preprocessing", "is required");
        require(classes.size() == spec.numClasses(), name, "classes",
                "has " + classes.size() + " names but the spec has " + spec.numClasses() + " classes");
        require(preprocessing.inChans() == spec.inChans(), name, "preprocessing",
                "inChans " + preprocessing.inChans() + " differs from the spec's " + spec.inChans());
        require(preprocessing.crop() == spec.imgSize(), name, "preprocessing",
                "crop " + preprocessing.crop() + " differs from the spec's imgSize " + spec.imgSize());
        require(testAccuracy == null || (testAccuracy >= 0 && testAccuracy <= 1), name, "testAccuracy",
                "must be in [0, 1] or null, got " + testAccuracy);
    }

    @Override
    public ObjectNode source() {
        return source.deepCopy();
    }

    private static void require(boolean ok, String name, String field, String problem) {
        if (!ok) {
            throw new TinyVitException("zoo model '" + name + "' field '" + field + "': " + problem);
        }
    }
}
