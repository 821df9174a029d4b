package org.tinyvit.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.util.Locale;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.StudentSpec;

/**
 * Inference and training-step throughput of one model on random inputs: images per second and
 * the GFLOP/s they amount to (an inferred image costs 2 × MACs FLOPs, a trained one 3 × 2 × MACs).
 * A benchmark, recorded in docs/benchmarks.md; never asserted in a test.
 *
 * <pre>{@code
 * ModelThroughput.Result r = ModelThroughput.measure(Presets.get("tinyvit-5m"), 32, 20);
 * }</pre>
 */
public final class ModelThroughput {
    private ModelThroughput() {}

    /** Images per second of inference and of training steps (forward, backward, DJL's AdamW). */
    public record Result(StudentSpec spec, int batch, long macs, double inferenceImagesPerSecond, double trainingImagesPerSecond,
            String engine, int cores) {
        public double inferenceGflops() {
            return inferenceImagesPerSecond * 2.0 * macs / 1e9;
        }

        public double trainingGflops() {
            return trainingImagesPerSecond * 3 * 2.0 * macs / 1e9;
        }
    }

    /** Measures each for at least {@code seconds} (and 3 steps) after two warm-up steps. */
    public static Result measure(StudentSpec spec, int batch, double seconds) {
        Shape input = new Shape(batch, spec.inChans(), spec.imgSize(), spec.imgSize());
        double inference;
        double training;
        try (StudentModel model = StudentModel.create(spec)) {
            inference = imagesPerSecond("inference", batch, seconds, () -> {
                try (NDManager scope = model.manager().newSubManager()) {
                    model.logits(scope.randomNormal(input)).toFloatArray();
                }
            });
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(Optimizer.adamW().build());
            try (Trainer trainer = model.model().newTrainer(config)) {
                trainer.initialize(input);
                training = imagesPerSecond("training", batch, seconds, () -> {
                    try (NDManager scope = model.manager().newSubManager(); GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray x = scope.randomNormal(input);
                        NDArray labels = scope.randomInteger(0, spec.numClasses(), new Shape(batch), DataType.INT32);
                        NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                        NDArray loss = trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
                        gc.backward(loss);
                        trainer.step();
                        loss.getFloat();
                    }
                });
            }
        }
        Engine engine = Engine.getInstance();
        return new Result(spec, batch, Families.macs(spec), inference, training, engine.getEngineName() + " " + engine.getVersion(),
                Runtime.getRuntime().availableProcessors());
    }

    private static double imagesPerSecond(String label, int batch, double seconds, Runnable step) {
        step.run();
        step.run();
        long start = System.nanoTime();
        int steps = 0;
        while ((System.nanoTime() - start) / 1e9 < seconds || steps < 3) {
            step.run();
            steps++;
            System.err.printf(Locale.ROOT, "\rbench %s: %d steps, %.1f images/s   ", label, steps, steps * batch / ((System.nanoTime() - start) / 1e9));
        }
        System.err.println();
        return steps * batch / ((System.nanoTime() - start) / 1e9);
    }
}
