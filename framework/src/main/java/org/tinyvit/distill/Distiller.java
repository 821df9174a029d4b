package org.tinyvit.distill;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tinyvit.Progress;
import org.tinyvit.TinyVitException;
import org.tinyvit.checkpoint.Checkpoint;
import org.tinyvit.data.Augmentation;
import org.tinyvit.data.DataSplits;
import org.tinyvit.data.ImageSet;
import org.tinyvit.model.NamedParameters;
import org.tinyvit.model.StudentBlock;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.tinyvit.TinyVit;

/**
 * One training run of a model against an {@link Objective}: seeded augmentation, AdamW with
 * cosine schedule and warm-up, clipping by global norm, validation accuracy after each epoch,
 * test accuracy at the end. With an output folder, the checkpoint and metrics are written after
 * every epoch, so a crash loses at most the epoch in progress. Knows nothing about search.
 *
 * <pre>{@code
 * RunMetrics m = new Distiller(config).train(model, data, Target.labels().open(data, config), outDir);
 * }</pre>
 */
public final class Distiller {
    private final TrainConfig config;
    private boolean quiet;
    private boolean evaluateTest = true;
    private int samplesPerEpoch;
    private int recalibrationBatches;

    public Distiller(TrainConfig config) {
        this.config = config;
    }

    /** No progress lines on stderr (for many short runs in a search). */
    public Distiller quiet() {
        this.quiet = true;
        return this;
    }

    /** Skip the test set (the search must never look at it). */
    public Distiller withoutTest() {
        this.evaluateTest = false;
        return this;
    }

    /** Trains on only the first {@code n} samples of each epoch's shuffled order (0: all). */
    public Distiller samplesPerEpoch(int n) {
        if (n < 0) {
            throw new TinyVitException("samples per epoch must not be negative, got " + n);
        }
        this.samplesPerEpoch = n;
        return this;
    }

    /**
     * Re-estimates BatchNorm statistics with {@code batches} forward passes before each
     * evaluation (see {@link Evaluation#recalibrateBatchNorm}); for very short runs.
     */
    public Distiller recalibrateBatchNorm(int batches) {
        this.recalibrationBatches = batches;
        return this;
    }

    public RunMetrics train(StudentModel model, DataSplits data, Objective objective, Path out) {
        StudentBlock block = model.block();
        if (objective.relationStage() >= 0 && !(block instanceof TinyVit)) {
            throw new TinyVitException("relation distillation needs a TinyViT student, got a " + block.spec().family() + " model");
        }
        ImageSet train = data.train();
        Augmentation augmentation = Augmentation.of(config.augmentation(), model.spec().imgSize(), data.mean(), data.std());
        int epochSamples = samplesPerEpoch > 0 ? Math.min(samplesPerEpoch, train.size()) : train.size();
        int stepsPerEpoch = (epochSamples + config.batch() - 1) / config.batch();
        int totalSteps = stepsPerEpoch * config.epochs();
        LrSchedule schedule = LrSchedule.cosine(config.lr(), totalSteps, stepsPerEpoch);
        AdamW optimizer = new AdamW(NamedParameters.of(block), config.weightDecay());
        ParameterStore ps = new ParameterStore(model.manager(), false);
        Progress progress = quiet ? null : new Progress(objective.name(), totalSteps);
        List<RunMetrics.Epoch> epochs = new ArrayList<>();
        double trainSeconds = 0;
        int step = 0;
        try (HostBatches batches = new HostBatches(data, augmentation, objective, config.batch(), epochSamples, config.seed(), config.epochs())) {
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                long start = System.nanoTime();
                double lossSum = 0;
                for (int b = 0; b < stepsPerEpoch; b++) {
                    float loss = step(model, block, ps, optimizer, schedule.at(step), objective, train.channels(), augmentation.size(),
                            batches.next());
                    if (!Float.isFinite(loss)) {
                        throw new TinyVitException("training diverged: loss " + loss + " at epoch " + epoch + ", step " + step
                                + " (try a lower learning rate)");
                    }
                    lossSum += loss;
                    step++;
                    if (progress != null) {
                        progress.advance(1, String.format(Locale.ROOT, "epoch %d loss %.4f", epoch + 1, loss));
                    }
                }
                trainSeconds += (System.nanoTime() - start) / 1e9;
                if (recalibrationBatches > 0) {
                    Evaluation.recalibrateBatchNorm(model, train, augmentation, recalibrationBatches, config.seed() * 31 + epoch);
                }
                double val = Evaluation.accuracy(model, data.val(), augmentation);
                epochs.add(new RunMetrics.Epoch(epoch, lossSum / stepsPerEpoch, val, (System.nanoTime() - start) / 1e9));
                if (out != null) {
                    Checkpoint.save(out, model);
                    new RunMetrics(objective.name(), epochs, val, Double.NaN, trainSeconds / step, step, epochSamples).write(out, null);
                }
                if (progress != null) {
                    System.err.printf(Locale.ROOT, "%n%s: epoch %d/%d loss %.4f val accuracy %.4f%n", objective.name(), epoch + 1,
                            config.epochs(), lossSum / stepsPerEpoch, val);
                }
            }
        }
        if (optimizer.skipped() > 0) {
            System.err.printf(Locale.ROOT, "%s: %d of %d steps had non-finite gradients and were skipped (first: %s)%n", objective.name(),
                    optimizer.skipped(), step, optimizer.firstNonFinite().orElse("?"));
        }
        double test = evaluateTest ? Evaluation.accuracy(model, data.test(), augmentation) : Double.NaN;
        return new RunMetrics(objective.name(), epochs, epochs.get(epochs.size() - 1).valAccuracy(), test,
                trainSeconds / step, step, epochSamples);
    }

    private float step(StudentModel model, StudentBlock block, ParameterStore ps, AdamW optimizer, float lr, Objective objective,
            int channels, int size, HostBatches.HostBatch host) {
        float value;
        try (NDManager scope = model.manager().newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            int n = host.indices().length;
            NDArray images = scope.create(host.pixels(), new Shape(n, channels, size, size));
            Optional<NDArray> targets = host.targets().map(t -> scope.create(t, new Shape(n, t.length / n)));
            Batch batch = new Batch(host.epoch(), host.indices(), host.seeds(), images, scope.create(host.labels()), targets, scope);
            int stage = objective.relationStage();
            NDArray logits;
            Objective.StudentRelation relation = null;
            if (stage >= 0) {
                TinyVit tinyVit = (TinyVit) block;
                NDArray[] out = tinyVit.applyCapturing(ps, images, true, stage);
                logits = out[0];
                NDArray tokens = out[1];
                relation = new Objective.StudentRelation() {
                    @Override
                    public ai.djl.ndarray.NDList queryKeyValue(int heads) {
                        long[] s = tokens.getShape().getShape();
                        NDArray flat = tokens.reshape(s[0], s[1] * s[2], s[3]);
                        return tinyVit.lastAttention(stage).relationQueryKeyValue(ps, flat, heads, true);
                    }

                    @Override
                    public long width() {
                        return tokens.getShape().get(3);
                    }
                };
            } else {
                logits = block.apply(ps, images, true);
            }
            NDArray loss = objective.loss(batch, logits, relation);
            gc.backward(loss);
            value = loss.getFloat();
        }
        try (NDManager scope = model.manager().newSubManager()) {
            optimizer.step(lr, config.clipNorm(), scope);
        }
        return value;
    }

}
