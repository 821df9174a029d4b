package org.tinyvit.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tinyvit.bench.DistillationStepTimes;
import org.tinyvit.bench.ModelThroughput;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.io.Json;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/** Benchmarks; recorded in docs/benchmarks.md, never asserted in tests. */
@Command(name = "bench", description = "Benchmarks.", subcommands = {BenchCommand.ModelBench.class, BenchCommand.DistillBench.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "name a benchmark: model or distill");
    }

    /** Inference and training-step throughput of one model. */
    @Command(name = "model", description = "Inference and training-step (forward, backward, AdamW) images/s and GFLOP/s of a model.")
    static final class ModelBench implements Callable<Integer> {
        @Mixin
        SpecOptions specOptions;

        @Option(names = "--batch", defaultValue = "32", description = "Batch size (default ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--seconds", defaultValue = "20", description = "Timed seconds per measurement, after warm-up (default ${DEFAULT-VALUE}).")
        double seconds;

        @Mixin
        JsonOption output;

        @Override
        public Integer call() {
            TinyVitSpec spec = specOptions.resolve();
            ModelThroughput.Result r = ModelThroughput.measure(spec, batch, seconds);
            if (output.json) {
                ObjectNode out = Json.object();
                out.put("model", specOptions.label());
                out.put("imgSize", spec.imgSize());
                out.put("inChans", spec.inChans());
                out.put("classes", spec.numClasses());
                out.put("batch", batch);
                out.put("macs", r.macs());
                out.put("inferenceImagesPerSecond", r.inferenceImagesPerSecond());
                out.put("inferenceGflops", r.inferenceGflops());
                out.put("trainingImagesPerSecond", r.trainingImagesPerSecond());
                out.put("trainingGflops", r.trainingGflops());
                out.put("engine", r.engine());
                out.put("cores", r.cores());
                out.put("date", LocalDate.now().toString());
                out.set("spec", spec.toJson());
                System.out.println(Json.compact(out));
                return 0;
            }
            System.out.printf(Locale.ROOT, "%s %dx%dx%d, %d classes, batch %d, %.3f GMACs/image%n", specOptions.label(),
                    spec.inChans(), spec.imgSize(), spec.imgSize(), spec.numClasses(), batch, r.macs() / 1e9);
            System.out.printf(Locale.ROOT, "  inference  %8.1f images/s  %6.1f GFLOP/s%n", r.inferenceImagesPerSecond(), r.inferenceGflops());
            System.out.printf(Locale.ROOT, "  training   %8.1f images/s  %6.1f GFLOP/s (forward, backward, AdamW)%n", r.trainingImagesPerSecond(),
                    r.trainingGflops());
            return 0;
        }
    }

    /** Seconds per training step of each distillation objective, measured in one process. */
    @Command(name = "distill", description = "Seconds per training step of labels, sparse-kd and online-kd for one student, in one run.")
    static final class DistillBench implements Callable<Integer> {
        @Mixin
        SpecOptions specOptions;

        @Mixin
        DataOptions dataOptions;

        @Option(names = "--teacher", required = true, description = "Teacher checkpoint folder.")
        Path teacherDir;

        @Option(names = "--logits", required = true, description = "Logit store of that teacher.")
        Path logits;

        @Option(names = "--batch", defaultValue = "128", description = "Batch size (default ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--rounds", defaultValue = "2", description = "Rounds over the objectives, interleaved (default ${DEFAULT-VALUE}).")
        int rounds;

        @Mixin
        JsonOption output;

        @Override
        public Integer call() {
            StoreManifest manifest = StoreManifest.read(logits);
            DataSplits data = dataOptions.load(manifest.sampleCount());
            StudentSpec spec = specOptions.fitted(specOptions.resolveOr("tinyvit-5m"), data, manifest.imgSize());
            DistillationStepTimes.Result r = DistillationStepTimes.measure(spec, data, teacherDir, logits, batch, rounds);
            ObjectNode out = Json.object();
            out.put("student", specOptions.label());
            out.put("teacher", teacherDir.toString());
            out.put("batch", batch);
            out.put("steps", r.steps());
            out.put("imgSize", spec.imgSize());
            r.secondsPerStep().forEach(out::put);
            out.put("sparseKdOverheadOverLabels", r.sparseKdOverheadOverLabels());
            out.put("sparseKdSpeedupOverOnlineKd", r.sparseKdSpeedupOverOnlineKd());
            out.put("date", LocalDate.now().toString());
            System.out.println(output.json ? Json.compact(out) : Json.pretty(out));
            return 0;
        }
    }
}
