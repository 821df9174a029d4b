package org.tinyvit.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tinyvit.io.Json;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.tinyvit.CostModel;
import org.tinyvit.model.tinyvit.SpecJson;
import org.tinyvit.model.StudentBlock;
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

        @Option(names = "--json", description = "Print one JSON object on stdout.")
        boolean json;

        @Override
        public Integer call() {
            TinyVitSpec spec = specOptions.resolve();
            long macs = CostModel.of(spec).macs();
            Shape input = new Shape(batch, spec.inChans(), spec.imgSize(), spec.imgSize());
            double inference;
            double training;
            try (StudentModel model = StudentModel.create(spec)) {
                StudentBlock block = model.block();
                ParameterStore ps = new ParameterStore(model.manager(), false);
                inference = imagesPerSecond("inference", () -> {
                    try (NDManager scope = model.manager().newSubManager()) {
                        block.apply(ps, scope.randomNormal(input), false).toFloatArray();
                    }
                });
                DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(Optimizer.adamW().build());
                try (Trainer trainer = model.model().newTrainer(config)) {
                    trainer.initialize(input);
                    training = imagesPerSecond("training", () -> {
                        try (NDManager scope = model.manager().newSubManager();
                                GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray x = scope.randomNormal(input);
                            NDArray labels = scope.randomInteger(0, spec.numClasses(), new Shape(batch), ai.djl.ndarray.types.DataType.INT32);
                            NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                            NDArray loss = trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
                            gc.backward(loss);
                            trainer.step();
                            loss.getFloat();
                        }
                    });
                }
            }
            report(spec, macs, inference, training);
            return 0;
        }

        private double imagesPerSecond(String label, Runnable step) {
            step.run();
            step.run();
            long start = System.nanoTime();
            int steps = 0;
            while ((System.nanoTime() - start) / 1e9 < seconds || steps < 3) {
                step.run();
                steps++;
                System.err.printf(Locale.ROOT, "\rbench %s: %d steps, %.1f images/s   ", label, steps,
                        steps * batch / ((System.nanoTime() - start) / 1e9));
            }
            System.err.println();
            return steps * batch / ((System.nanoTime() - start) / 1e9);
        }

        private void report(TinyVitSpec spec, long macs, double inference, double training) {
            double inferenceGflops = inference * 2.0 * macs / 1e9;
            double trainingGflops = training * 3 * 2.0 * macs / 1e9;
            if (json) {
                ObjectNode out = Json.object();
                out.put("model", specOptions.label());
                out.put("imgSize", spec.imgSize());
                out.put("inChans", spec.inChans());
                out.put("classes", spec.numClasses());
                out.put("batch", batch);
                out.put("macs", macs);
                out.put("inferenceImagesPerSecond", inference);
                out.put("inferenceGflops", inferenceGflops);
                out.put("trainingImagesPerSecond", training);
                out.put("trainingGflops", trainingGflops);
                out.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
                out.put("cores", Runtime.getRuntime().availableProcessors());
                out.put("date", LocalDate.now().toString());
                out.set("spec", SpecJson.toNode(spec));
                System.out.println(Json.compact(out));
            } else {
                System.out.printf(Locale.ROOT, "%s %dx%dx%d, %d classes, batch %d, %.3f GMACs/image%n", specOptions.label(),
                        spec.inChans(), spec.imgSize(), spec.imgSize(), spec.numClasses(), batch, macs / 1e9);
                System.out.printf(Locale.ROOT, "  inference  %8.1f images/s  %6.1f GFLOP/s%n", inference, inferenceGflops);
                System.out.printf(Locale.ROOT, "  training   %8.1f images/s  %6.1f GFLOP/s (forward, backward, AdamW)%n", training, trainingGflops);
            }
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
        java.nio.file.Path teacherDir;

        @Option(names = "--logits", required = true, description = "Logit store of that teacher.")
        java.nio.file.Path logits;

        @Option(names = "--batch", defaultValue = "128", description = "Batch size (default ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--rounds", defaultValue = "2", description = "Rounds over the objectives, interleaved (default ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--json", description = "Print one JSON object on stdout.")
        boolean json;

        @Override
        public Integer call() {
            var manifest = org.tinyvit.distill.store.StoreManifest.read(logits);
            // Timed steps cover the stored samples; a short validation keeps the run short.
            org.tinyvit.data.DataSplits all = dataOptions.load(manifest.sampleCount());
            var data = new org.tinyvit.data.DataSplits(all.train(), all.val().head(256), all.test(), all.mean(), all.std());
            TinyVitSpec spec = specOptions.resolveOr("tinyvit-5m").withInChans(all.train().channels())
                    .withNumClasses(manifest.numClasses()).withImgSize(manifest.imgSize());
            var config = new org.tinyvit.distill.TrainConfig(1, batch, 1e-3f, 0.05f, 5f, 1, spec.imgSize());
            java.util.Map<String, Double> best = new java.util.LinkedHashMap<>();
            try (org.tinyvit.distill.Teacher teacher = org.tinyvit.distill.Teacher.load(teacherDir)) {
                for (int round = 0; round < rounds; round++) {
                    for (String loss : new String[] {"labels", "sparse-kd", "online-kd"}) {
                        try (StudentModel model = StudentModel.create(spec);
                                org.tinyvit.distill.Objective objective = switch (loss) {
                                    case "labels" -> new org.tinyvit.distill.LabelObjective(1);
                                    case "sparse-kd" -> new org.tinyvit.distill.SparseKdObjective(logits, data);
                                    default -> new org.tinyvit.distill.OnlineKdObjective(teacher, 1);
                                }) {
                            double perStep = new org.tinyvit.distill.Distiller(config).quiet().withoutTest()
                                    .train(model, data, objective, null).secondsPerStep();
                            best.merge(loss, perStep, Math::min);
                            System.err.printf(Locale.ROOT, "bench distill round %d %s: %.4f s/step%n", round + 1, loss, perStep);
                        }
                    }
                }
            }
            ObjectNode out = Json.object();
            out.put("student", specOptions.label());
            out.put("teacher", teacherDir.toString());
            out.put("batch", batch);
            out.put("steps", (data.train().size() + batch - 1) / batch);
            out.put("imgSize", spec.imgSize());
            best.forEach(out::put);
            double labels = out.get("labels").asDouble();
            out.put("sparseKdOverheadOverLabels", out.get("sparse-kd").asDouble() / labels - 1);
            out.put("sparseKdSpeedupOverOnlineKd", out.get("online-kd").asDouble() / out.get("sparse-kd").asDouble());
            out.put("date", LocalDate.now().toString());
            System.out.println(json ? Json.compact(out) : Json.pretty(out));
            return 0;
        }
    }
}
