package org.tinyvit.cli;

import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.Locale;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.Distiller;
import org.tinyvit.distill.Objective;
import org.tinyvit.distill.RunMetrics;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.io.Json;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import tools.jackson.databind.node.ObjectNode;

/** Helpers shared by the training commands. */
final class Specs {
    private Specs() {}

    /** The spec with the data's channels and classes; resolution from the flag or the data's own size. */
    static TinyVitSpec adapt(TinyVitSpec spec, SpecOptions options, DataSplits data, TrainOptions train) {
        spec = spec.withInChans(data.train().channels()).withNumClasses(data.train().classes().size());
        spec = spec.withImgSize(options.imgSize != null ? options.imgSize : data.train().height());
        if (train.dropPath != null) {
            spec = spec.withDropPath(train.dropPath);
        }
        return spec;
    }

    /**
     * Trains a new model of {@code spec} against {@code objective}; the Distiller writes the
     * checkpoint after every epoch, this adds the final metrics (with the run's settings and
     * {@code extra}); callers report them.
     */
    static RunMetrics train(StudentSpec spec, DataSplits data, TrainConfig config, Objective objective, Path out,
            ObjectNode extra) {
        Engine.getInstance().setRandomSeed((int) config.seed());
        try (StudentModel model = StudentModel.create(spec)) {
            RunMetrics metrics = new Distiller(config).train(model, data, objective, out);
            ObjectNode info = runInfo(spec, config, data);
            info.setAll(extra);
            metrics.write(out, info);
            return metrics;
        }
    }

    /** The metrics of a finished run in {@code dir} (one with a test accuracy), or null. */
    static RunMetrics finishedRun(Path dir) {
        Path file = dir.resolve(RunMetrics.FILE);
        if (!java.nio.file.Files.isRegularFile(file)) {
            return null;
        }
        RunMetrics metrics = RunMetrics.read(file);
        return Double.isNaN(metrics.testAccuracy()) ? null : metrics;
    }

    static ObjectNode runInfo(StudentSpec spec, TrainConfig config, DataSplits data) {
        ObjectNode info = Json.object();
        info.set("spec", spec.toJson());
        info.put("dataset", data.train().name());
        info.put("epochsRun", config.epochs());
        info.put("batch", config.batch());
        info.put("lr", config.lr());
        info.put("seed", config.seed());
        info.put("imgSize", config.imgSize());
        return info;
    }

    static void report(RunMetrics metrics, Path out, boolean json) {
        if (json) {
            System.out.println(Json.compact(metrics.toJson()));
        } else {
            System.out.printf(Locale.ROOT, "%s: validation accuracy %.4f, test accuracy %.4f, %.3f s/step; written to %s%n",
                    metrics.objective(), metrics.valAccuracy(), metrics.testAccuracy(), metrics.secondsPerStep(), out);
        }
    }
}
