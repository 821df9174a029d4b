package org.tinyvit.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.AtomicFiles;
import org.tinyvit.io.Json;
import org.tinyvit.io.SafeTensors;
import org.tinyvit.model.Families;
import org.tinyvit.model.NamedParameters;
import org.tinyvit.model.StudentBlock;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.StudentSpec;
import tools.jackson.databind.node.ObjectNode;

/**
 * The project's own checkpoint: a folder with {@code spec.json} and {@code weights.safetensors}
 * (timm names, float32, BatchNorm statistics included). Both files are written atomically and
 * the weights carry the format version and the spec they belong to.
 *
 * <pre>{@code
 * Checkpoint.save(dir, model);
 * StudentModel again = Checkpoint.load(dir);
 * }</pre>
 */
public final class Checkpoint {
    public static final String SPEC_FILE = "spec.json";
    public static final String WEIGHTS_FILE = "weights.safetensors";
    public static final String FORMAT = "tinyvit-checkpoint";
    public static final String FORMAT_VERSION = "1";

    private Checkpoint() {}

    public static void save(Path dir, StudentModel model) {
        StudentBlock block = model.block();
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> p : NamedParameters.of(block).entrySet()) {
            tensors.put(p.getKey(), p.getValue().getArray());
        }
        SafeTensors.write(dir.resolve(WEIGHTS_FILE), tensors,
                Map.of("format", FORMAT, "formatVersion", FORMAT_VERSION, "spec", block.spec().key()));
        writeSpec(block.spec(), dir.resolve(SPEC_FILE));
    }

    /** Writes a spec of any family with its format version, atomically. */
    public static void writeSpec(StudentSpec spec, Path file) {
        ObjectNode node = spec.toJson();
        node.put("formatVersion", StudentSpec.FORMAT_VERSION);
        AtomicFiles.writeString(file, Json.pretty(node) + "\n");
    }

    /** The spec of a checkpoint of any family. */
    public static StudentSpec readStudentSpec(Path dir) {
        Path specFile = dir.resolve(SPEC_FILE);
        if (!Files.isRegularFile(specFile)) {
            throw new TinyVitException(dir + ": not a checkpoint (no " + SPEC_FILE + ")");
        }
        try {
            return Families.parse(Files.readString(specFile), specFile.toString());
        } catch (java.io.IOException e) {
            throw new TinyVitException(specFile + ": cannot read spec (" + e.getMessage() + ")");
        }
    }

    /** Loads a checkpoint folder into a new model on the engine's default device. */
    public static StudentModel load(Path dir) {
        return load(dir, ai.djl.engine.Engine.getInstance().defaultDevice());
    }

    /** Loads a checkpoint folder into a new model on {@code device}. */
    public static StudentModel load(Path dir, ai.djl.Device device) {
        StudentSpec spec = readStudentSpec(dir);
        SafeTensors weights = openWeights(dir, spec);
        StudentModel model = StudentModel.create(spec, device);
        try {
            WeightLoader.load(model.block(), weights);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    static SafeTensors openWeights(Path dir, StudentSpec spec) {
        Path file = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new TinyVitException(dir + ": checkpoint has no " + WEIGHTS_FILE);
        }
        SafeTensors weights = SafeTensors.open(file);
        if (!FORMAT.equals(weights.metadata().get("format"))) {
            throw TinyVitException.inFile(file, "not a " + FORMAT + " file (format " + weights.metadata().get("format") + ")");
        }
        checkWeightsMetadata(file, weights.metadata(), spec);
        return weights;
    }

    /**
     * Refuses a weights file of this project's format that has another format version or was
     * written for another spec than the one it is about to be loaded into. Files of other formats
     * (timm's, for instance) are not this check's business and pass.
     */
    public static void checkWeightsMetadata(Path file, Map<String, String> meta, StudentSpec spec) {
        if (!FORMAT.equals(meta.get("format"))) {
            return;
        }
        if (!FORMAT_VERSION.equals(meta.get("formatVersion"))) {
            throw TinyVitException.inFile(file, FORMAT + " version " + meta.get("formatVersion") + " is not supported (expected "
                    + FORMAT_VERSION + ")");
        }
        if (!spec.key().equals(meta.get("spec"))) {
            throw TinyVitException.inFile(file, "weights were written for another spec (" + meta.get("spec") + ") than this model's "
                    + spec.key());
        }
    }
}
