package org.tinyvit.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tinyvit.bench.DistillationStepTimes;
import org.tinyvit.bench.ModelThroughput;
import org.tinyvit.bench.TrainingStepProfile;
import org.tinyvit.distill.StepProfile;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.io.Json;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.pipeline.Pipeline;
import org.tinyvit.pipeline.PresetComparison;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import org.tinyvit.search.Journal;
import org.tinyvit.search.Search;
import org.tinyvit.search.SearchThroughput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/** Benchmarks; recorded in docs/benchmarks.md, never asserted in tests. */
@Command(name = "bench", description = "Benchmarks.", subcommands = {BenchCommand.ModelBench.class, BenchCommand.DistillBench.class, BenchCommand.StepBench.class,
        BenchCommand.SearchBench.class, BenchCommand.PresetBench.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "name a benchmark: model, distill, step, search or presets");
    }

    /** The searched family against the hand-designed presets, each trained with the same recipe over several seeds. */
    @Command(name = "presets", description = "Train each budget's searched model and its preset with the same recipe, once per seed; "
            + "report per budget the mean and spread of test accuracy and the MACs ratio.")
    static final class PresetBench implements Callable<Integer> {
        @Option(names = "--family", required = true, description = "family.json written by `tinyvit search`.") Path familyFile;

        @Option(names = "--logits", required = true, description = "Logit store folder (the one the search used).") Path logits;

        @Option(names = "--seeds", split = ",", description = "Seeds, one run of each model per seed (default ${DEFAULT-VALUE}).") java.util.List<Long> seeds =
                java.util.List.of(1L, 2L, 3L);

        @Option(names = "--budgets", split = ",", description = "Only these budgets of the family, e.g. 5M (default: every budget with a preset).")
        java.util.List<String> budgets = java.util.List.of();

        @Option(names = "--out", required = true, description = "Output folder: one checkpoint folder per run, "
                + PresetComparison.FILE + " and " + PresetComparison.PLOT + ".") Path out;

        @Mixin TrainOptions trainOptions;

        @Mixin JsonOption output;

        @Mixin DeviceOption device;

        @Mixin DataOptions dataOptions;

        @Override
        public Integer call() {
            var where = device.device();
            StoreManifest store = StoreManifest.read(logits);
            TrainConfig recipe = trainOptions.replaying(store, Pipeline.DEFAULT_FAMILY_EPOCHS);
            DataSplits data = dataOptions.load(trainOptions.trainSamples != null ? trainOptions.trainSamples : store.sampleCount());
            PresetComparison.Result r = PresetComparison.run(PresetComparison.Settings.of(familyFile, logits, data, recipe, seeds, out).onlyBudgets(budgets).on(where));
            if (output.json) {
                System.out.println(Json.compact(r.json()));
                return 0;
            }
            System.out.printf(Locale.ROOT, "%-6s %-16s %22s %22s %8s %10s%n", "budget", "preset", "searched test acc", "preset test acc", "diff",
                    "MACs ratio");
            for (PresetComparison.Budget b : r.budgets()) {
                System.out.printf(Locale.ROOT, "%-6s %-16s %13.4f ± %.4f %13.4f ± %.4f %+8.4f %10.3f%n", b.budget(), b.preset(), b.searched().mean(),
                        b.searched().sd(), b.presetRuns().mean(), b.presetRuns().sd(), b.difference(), b.macsRatio());
            }
            System.out.println("written: " + r.file() + ", " + r.plot());
            return 0;
        }
    }

    /** Inference and training-step throughput of one model. */
    @Command(name = "model", description = "Inference and training-step (forward, backward, AdamW) images/s and GFLOP/s of a model.")
    static final class ModelBench implements Callable<Integer> {
        @Mixin SpecOptions specOptions;

        @Option(names = "--batch", description = "Batch size (default ${DEFAULT-VALUE}).") int batch = 32;

        @Option(names = "--seconds", description = "Timed seconds per measurement, after warm-up (default ${DEFAULT-VALUE}).") double seconds = 20;

        @Mixin JsonOption output;

        @Override
        public Integer call() {
            TinyVitSpec spec = specOptions.resolve();
            ModelThroughput.Result r = ModelThroughput.measure(spec, batch, seconds);
            if (output.json) {
                System.out.println(Json.compact(Json.object("model", specOptions.label(), "imgSize", spec.imgSize(), "inChans", spec.inChans(),
                        "classes", spec.numClasses(), "batch", batch, "macs", r.macs(), "inferenceImagesPerSecond", r.inferenceImagesPerSecond(),
                        "inferenceGflops", r.inferenceGflops(), "trainingImagesPerSecond", r.trainingImagesPerSecond(),
                        "trainingGflops", r.trainingGflops(), "engine", r.engine(), "cores", r.cores(), "date", LocalDate.now().toString(),
                        "spec", spec.toJson())));
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
        @Mixin SpecOptions specOptions;

        @Mixin DataOptions dataOptions;

        @Option(names = "--teacher", required = true, description = "Teacher checkpoint folder.") Path teacherDir;

        @Option(names = "--logits", required = true, description = "Logit store of that teacher.") Path logits;

        @Option(names = "--batch", description = "Batch size (default ${DEFAULT-VALUE}).") int batch = 128;

        @Option(names = "--rounds", description = "Rounds over the objectives, interleaved; every round is reported, and the"
                + " store's overhead as the median of the per-round ratios (default ${DEFAULT-VALUE}).") int rounds = 2;

        @Mixin JsonOption output;

        @Override
        public Integer call() {
            StoreManifest manifest = StoreManifest.read(logits);
            DataSplits data = dataOptions.load(manifest.sampleCount());
            StudentSpec spec = specOptions.fitted(specOptions.resolveOr("tinyvit-5m"), data, manifest.imgSize());
            DistillationStepTimes.Result r = DistillationStepTimes.measure(spec, data, teacherDir, logits, batch, rounds);
            ObjectNode out = Json.object("student", specOptions.label(), "teacher", teacherDir.toString(), "batch", batch, "steps", r.steps(),
                    "imgSize", spec.imgSize());
            r.secondsPerStep().forEach(out::put);
            ObjectNode rounds = out.putObject("rounds");
            r.rounds().forEach((loss, seconds) -> seconds.forEach(rounds.putArray(loss)::add));
            Json.with(out, "sparseKdOverheadOverLabels", r.sparseKdOverheadOverLabels(), "sparseKdOverheadMedianOfRounds",
                    r.sparseKdOverheadMedianOfRounds(), "sparseKdSpeedupOverOnlineKd", r.sparseKdSpeedupOverOnlineKd(), "date",
                    LocalDate.now().toString());
            System.out.println(output.json ? Json.compact(out) : Json.pretty(out));
            return 0;
        }
    }

    /** Where the time of a real training step goes. */
    @Command(name = "step", description = "Profile real training steps (labels loss): batch wait, forward, backward, update, host preparation, engine calls.")
    static final class StepBench implements Callable<Integer> {
        @Mixin SpecOptions specOptions;

        @Mixin DataOptions dataOptions;

        @Mixin TrainOptions trainOptions;

        @Option(names = "--steps", description = "Timed steps after 5 warm-up steps (default ${DEFAULT-VALUE}).") int steps = 50;

        @Mixin JsonOption output;

        @Override
        public Integer call() {
            DataSplits data = dataOptions.load(trainOptions.trainSamples);
            StudentSpec spec = specOptions.fitted(specOptions.resolveOr("tinyvit-5m"), data, 0);
            StepProfile p = TrainingStepProfile.measure(spec, data, trainOptions.config(1, TrainConfig.DEFAULT_AUGMENTATION), steps);
            ObjectNode out = Json.object("model", specOptions.label(), "imgSize", spec.imgSize(), "batch", trainOptions.batch, "steps", p.steps(),
                    "stepSeconds", p.stepSeconds(), "waitSeconds", p.waitSeconds(), "forwardSeconds", p.forwardSeconds(),
                    "backwardSeconds", p.backwardSeconds(), "optimizerSeconds", p.optimizerSeconds(), "hostPrepareSeconds", p.hostPrepareSeconds(),
                    "arraysPerStep", p.arraysPerStep(), "imagesPerSecond", p.imagesPerSecond(), "date", LocalDate.now().toString());
            System.out.println(output.json ? Json.compact(out) : p.toString());
            return 0;
        }
    }

    /** A search timed: candidate evaluations per hour of the backend its options choose (in-process, --workers, --spark). */
    @Command(name = "search", description = "Run a search (same options as `search`) and report candidate evaluations per hour, run, wait and hand-over times.")
    static final class SearchBench extends SearchCommand {
        @Override
        public Integer call() {
            Search.Result result = search();
            SearchThroughput t = SearchThroughput.of(Journal.read(result.journalFile(), false), result.seconds());
            ObjectNode out = Json.object("evaluations", t.evaluations(), "wallSeconds", t.wallSeconds(), "evaluationsPerHour", t.evaluationsPerHour(),
                    "meanRunSeconds", t.meanRunSeconds(), "meanWaitSeconds", t.meanWaitSeconds(), "meanHandOverSeconds", t.meanHandOverSeconds(),
                    "processes", t.processes(), "journal", result.journalFile().toString(), "date", LocalDate.now().toString());
            System.out.println(output.json ? Json.compact(out) : String.format(Locale.ROOT,
                    "%d evaluations in %.1f s: %.1f per hour; a run %.1f s, waiting %.1f s, hand-over %.2f s; %d processes",
                    t.evaluations(), t.wallSeconds(), t.evaluationsPerHour(), t.meanRunSeconds(), t.meanWaitSeconds(), t.meanHandOverSeconds(), t.processes()));
            return 0;
        }
    }
}
