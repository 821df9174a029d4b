package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.Json;
import org.tinyvit.io.SafeTensors;

/**
 * Where an unfinished run stands at the end of its last finished epoch, in one file written
 * atomically after every epoch: every array a step changes (weights, BatchNorm statistics,
 * AdamW's moments), the run's and the optimizer's step counts, the training seconds and epochs
 * so far, and the settings the run was started with. A run started again in the same folder with
 * the same settings goes on from there and ends with the same weights as a run that was never
 * stopped, to the bit on the same device and engine threads (see TrainingResumeTest): the
 * batches, the augmentation and the engine's generator are functions of the seed and the step only.
 *
 * <pre>{@code
 * TrainingState.save(dir, settings, arrays, steps, optimizerSteps, seconds, epochs);
 * Optional<TrainingState> saved = TrainingState.find(dir, settings); // empty: start from the beginning
 * saved.ifPresent(s -> s.restoreInto(arrays));
 * }</pre>
 */
final class TrainingState {
    static final String FILE = "training-state.safetensors";
    static final String FORMAT = "tinyvit-training-state";
    static final String FORMAT_VERSION = "1";
    private static final NDIndex ALL = new NDIndex("...");

    private final SafeTensors arrays;
    private final int steps;
    private final int optimizerSteps;
    private final double trainSeconds;
    private final List<RunMetrics.Epoch> epochs;

    private TrainingState(SafeTensors arrays, int steps, int optimizerSteps, double trainSeconds, List<RunMetrics.Epoch> epochs) {
        this.arrays = arrays;
        this.steps = steps;
        this.optimizerSteps = optimizerSteps;
        this.trainSeconds = trainSeconds;
        this.epochs = epochs;
    }

    /** Writes the state into {@code dir}, replacing the one before it in a single atomic step. */
    static void save(Path dir, String settings, Map<String, NDArray> arrays, int steps, int optimizerSteps, double trainSeconds,
            List<RunMetrics.Epoch> epochs) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("formatVersion", FORMAT_VERSION);
        meta.put("settings", settings);
        meta.put("steps", Integer.toString(steps));
        meta.put("optimizerSteps", Integer.toString(optimizerSteps));
        meta.put("trainSeconds", Double.toString(trainSeconds));
        meta.put("epochs", Json.compact(RunMetrics.toJson(epochs)));
        SafeTensors.write(dir.resolve(FILE), arrays, meta);
    }

    /**
     * The state of an unfinished run of these {@code settings} in {@code dir}; empty when there is
     * none, or when the one there was saved by a run of other settings (said on stderr: that run is
     * started again from the beginning). A damaged or foreign file is refused with its path.
     */
    static Optional<TrainingState> find(Path dir, String settings) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        SafeTensors tensors;
        try {
            tensors = SafeTensors.open(file);
        } catch (TinyVitException e) {
            throw new TinyVitException(e.getMessage() + "; remove the file to train this run from the beginning");
        }
        Map<String, String> meta = tensors.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw damaged(file, "not a " + FORMAT + " file (format " + meta.get("format") + ")");
        }
        if (!FORMAT_VERSION.equals(meta.get("formatVersion"))) {
            throw damaged(file, FORMAT + " version " + meta.get("formatVersion") + " is not supported (expected " + FORMAT_VERSION + ")");
        }
        for (String key : new String[] {"settings", "steps", "optimizerSteps", "trainSeconds", "epochs"}) {
            if (meta.get(key) == null) {
                throw damaged(file, "its metadata lack '" + key + "'");
            }
        }
        if (!settings.equals(meta.get("settings"))) {
            System.err.printf(Locale.ROOT, "tinyvit: %s holds an unfinished run of other settings; this run starts from the beginning%n", dir);
            return Optional.empty();
        }
        try {
            List<RunMetrics.Epoch> epochs = RunMetrics.epochsFrom(Json.parse(meta.get("epochs")));
            return Optional.of(new TrainingState(tensors, Integer.parseInt(meta.get("steps")), Integer.parseInt(meta.get("optimizerSteps")),
                    Double.parseDouble(meta.get("trainSeconds")), epochs));
        } catch (RuntimeException e) {
            throw damaged(file, "unreadable training state (" + e.getMessage() + ")");
        }
    }

    /** Removes the state of a run that has finished. */
    static void delete(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
        } catch (IOException e) {
            throw new TinyVitException("cannot remove " + dir.resolve(FILE) + " (" + e.getMessage() + ")");
        }
    }

    /**
     * Copies the saved values into {@code live}, array by array, in place (parameters keep their
     * identity and gradients). A file that lacks one of them or holds another shape is refused.
     */
    void restoreInto(Map<String, NDArray> live) {
        Path file = arrays.file();
        if (!arrays.entries().keySet().equals(live.keySet())) {
            throw damaged(file, "holds the state of another model (" + arrays.entries().size() + " arrays, not " + live.size() + ")");
        }
        for (Map.Entry<String, NDArray> a : live.entrySet()) {
            SafeTensors.Entry saved = arrays.entries().get(a.getKey());
            NDArray array = a.getValue();
            if (!Arrays.equals(saved.shape(), array.getShape().getShape())
                    || saved.end() - saved.begin() != array.size() * array.getDataType().getNumOfBytes()) {
                throw damaged(file, "'" + a.getKey() + "' is " + saved.dtype() + " " + Arrays.toString(saved.shape()) + ", not "
                        + array.getDataType() + " " + array.getShape());
            }
        }
        for (Map.Entry<String, NDArray> a : live.entrySet()) {
            try (NDArray saved = arrays.load(a.getKey(), a.getValue().getManager())) {
                a.getValue().set(ALL, saved);
            }
        }
    }

    /** A state this run cannot go on from: the problem, and what to do about it. */
    static TinyVitException damaged(Path file, String problem) {
        return TinyVitException.inFile(file, problem + "; remove the file to train this run from the beginning");
    }

    int steps() {
        return steps;
    }

    int optimizerSteps() {
        return optimizerSteps;
    }

    double trainSeconds() {
        return trainSeconds;
    }

    /** The finished epochs' metrics. */
    List<RunMetrics.Epoch> epochs() {
        return epochs;
    }
}
