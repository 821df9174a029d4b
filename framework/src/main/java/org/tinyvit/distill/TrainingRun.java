package org.tinyvit.distill;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSplits;
import org.tinyvit.io.Json;
import org.tinyvit.model.Devices;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.StudentSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One training run of a model (a teacher on labels, or a student on any {@link Target}) into a
 * checkpoint folder: the checkpoint and {@code metrics.json} after every epoch, the test accuracy
 * at the end. A folder that already holds a finished run is reused when the settings ask for it;
 * one that holds an unfinished run of the same settings (killed, crashed) goes on from the end of
 * its last finished epoch, with the same result as if it had never stopped ({@link TrainingState}).
 *
 * <pre>{@code
 * DataSplits data = DataSource.fashionMnist(null).splits();
 * TrainingRun.Settings settings = TrainingRun.Settings.of(spec, data, TrainConfig.defaults(3), Target.labels(), Path.of("runs/teacher"));
 * RunMetrics metrics = TrainingRun.run(settings).metrics();
 * }</pre>
 */
public final class TrainingRun {
    private TrainingRun() {}

    /**
     * @param spec the model, already fitted to the data ({@link #fitToData})
     * @param info extra fields written into {@code metrics.json} (names, provenance)
     * @param reuseFinished whether a finished run in {@code out} is returned instead of training again
     * @param device where the model (and a teacher in the loop) runs
     */
    public record Settings(StudentSpec spec, DataSplits data, TrainConfig config, Target target, Path out, ObjectNode info,
            boolean reuseFinished, Device device) {
        /** A run on the engine's default device that trains even when {@code out} holds a finished one. */
        public static Settings of(StudentSpec spec, DataSplits data, TrainConfig config, Target target, Path out) {
            return new Settings(spec, data, config, target, out, Json.object(), false, Engine.getInstance().defaultDevice());
        }

        public Settings reusingFinished() {
            return new Settings(spec, data, config, target, out, info, true, device);
        }

        public Settings withInfo(ObjectNode extra) {
            ObjectNode merged = info.deepCopy();
            merged.setAll(extra);
            return new Settings(spec, data, config, target, out, merged, reuseFinished, device);
        }

        public Settings on(Device where) {
            return new Settings(spec, data, config, target, out, info, reuseFinished, where);
        }
    }

    /** The run's metrics, where its checkpoint is, and whether it was reused rather than trained. */
    public record Result(RunMetrics metrics, Path checkpoint, boolean reused) {}

    public static Result run(Settings s) {
        ObjectNode settings = runInfo(s); // fingerprints the training images, once
        if (s.reuseFinished()) {
            Optional<RunMetrics> done = reusable(s, settings);
            if (done.isPresent()) {
                TrainingState.delete(s.out()); // left behind when the process died right after writing the result
                return new Result(done.get(), s.out(), true);
            }
        }
        Engine.getInstance().setRandomSeed((int) s.config().seed());
        try (StudentModel model = StudentModel.create(s.spec(), s.device()); Objective objective = s.target().open(s.data(), s.config(), s.device())) {
            RunMetrics metrics = new Distiller(s.config()).resumable(resumeKey(s, settings)).train(model, s.data(), objective, s.out());
            ObjectNode info = settings.deepCopy();
            info.put("loss", objective.name());
            info.setAll(s.info());
            metrics.write(s.out(), info);
            TrainingState.delete(s.out());
            return new Result(metrics, s.out(), false);
        }
    }

    /**
     * The metrics of a finished run in {@code dir}: one whose metrics hold a test accuracy. A
     * folder without metrics, with a run cut off before its test, or with unreadable metrics has none.
     */
    public static Optional<RunMetrics> finished(Path dir) {
        Path file = dir.resolve(RunMetrics.FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            RunMetrics metrics = RunMetrics.read(file);
            return Double.isNaN(metrics.testAccuracy()) ? Optional.empty() : Optional.of(metrics);
        } catch (TinyVitException e) {
            return Optional.empty();
        }
    }

    /**
     * The finished run in {@code s.out()} when it is this run: the same model, training images
     * (their fingerprint), whole recipe and target (loss, labels' weight, temperature, relation)
     * as its {@code metrics.json} records (the device may differ; a field an older version did not
     * record is not compared). A finished run of another model, images, recipe or target (the
     * search chose another one since, a flag changed) is said on stderr and trained again, never
     * returned as this one's.
     */
    public static Optional<RunMetrics> reusable(Settings s) {
        return reusable(s, runInfo(s));
    }

    private static Optional<RunMetrics> reusable(Settings s, ObjectNode settings) {
        Optional<RunMetrics> done = finished(s.out());
        if (done.isEmpty()) {
            return done;
        }
        Path file = s.out().resolve(RunMetrics.FILE);
        JsonNode recorded;
        try {
            recorded = Json.parse(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        ObjectNode wanted = settings.deepCopy();
        wanted.remove("device");
        for (String field : wanted.propertyNames()) {
            JsonNode have = recorded.get(field);
            JsonNode want = wanted.get(field);
            if (have == null && !field.equals("spec")) {
                continue; // written before this field was recorded
            }
            // a float (the learning rate) comes back from the file as the double nearest its printed digits
            boolean same = have != null && (have.isNumber() && want.isNumber()
                    ? want.isFloat() ? (float) have.asDouble() == want.floatValue() : have.asDouble() == want.asDouble()
                    : want.isObject() ? Json.compact(have).equals(Json.compact(Json.parse(Json.compact(want)))) // as written, then read
                    : have.equals(want));
            if (!same) {
                System.err.printf(Locale.ROOT, "tinyvit: %s holds a finished run with another %s (%s, not %s); training this one again%n", s.out(), field,
                        have == null ? "none" : Json.compact(have), Json.compact(want));
                return Optional.empty();
            }
        }
        return done;
    }

    /** {@code spec} for the data's channels and classes, at {@code imgSize} pixels (0: the data's own size). */
    public static StudentSpec fitToData(StudentSpec spec, DataSplits data, int imgSize) {
        return spec.withInput(imgSize > 0 ? imgSize : data.train().height(), data.train().channels(), data.train().classes().size());
    }

    /**
     * Everything an unfinished run's result depends on, so that a saved state is continued only by
     * the same run: the recorded settings (not the device: a run may go on on another one), the
     * whole recipe, the training images themselves, and the store or teacher it learns from.
     */
    static String resumeKey(Settings s) {
        return resumeKey(s, runInfo(s));
    }

    private static String resumeKey(Settings s, ObjectNode settings) {
        ObjectNode key = settings.deepCopy();
        key.remove("device");
        s.target().logits().ifPresent(p -> key.put("logits", p.toAbsolutePath().normalize().toString()));
        s.target().teacher().ifPresent(p -> key.put("teacher", p.toAbsolutePath().normalize().toString()));
        return Json.compact(key);
    }

    /** What a finished run's {@code metrics.json} records of its settings, and what {@link #reusable} compares. */
    private static ObjectNode runInfo(Settings s) {
        TrainConfig c = s.config();
        ObjectNode info = Json.object("spec", s.spec().toJson(), "dataset", s.data().train().name(), "epochsRun", c.epochs(), "batch", c.batch(),
                "lr", c.lr(), "seed", c.seed(), "imgSize", s.spec().imgSize(), "device", Devices.label(s.device()), "augmentation", c.augmentation().label(), "labelSmoothing", c.labelSmoothing(),
                "target", s.target().loss().label(), "labelWeight", s.target().labelWeight(), "temperature", s.target().temperature(),
                "relationWeight", s.target().relationWeight(), "relationStage", s.target().relationStage());
        info.set("recipe", c.toJson());
        info.put("trainImages", s.data().train().fingerprint());
        return info;
    }
}
