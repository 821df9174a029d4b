package org.tinyvit.distill;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tinyvit.Progress;
import org.tinyvit.TinyVitException;
import org.tinyvit.checkpoint.Checkpoint;
import org.tinyvit.data.Augmentation;
import org.tinyvit.data.DataSplits;
import org.tinyvit.data.ImageSet;
import org.tinyvit.model.EngineThreads;
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
    /** Steps between two reads of the running loss: for the progress line and the divergence check. */
    static final int LOSS_READ_INTERVAL = 32;

    private final TrainConfig config;
    private boolean quiet;
    private boolean evaluateTest = true;
    private boolean validate = true;
    private boolean validateEveryEpoch = true;
    private int samplesPerEpoch;
    private boolean sameImagesEveryEpoch;
    private StepProfile profile;
    /** The run's settings when it keeps a {@link TrainingState} in its output folder, else null. */
    private String resumable;

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

    /**
     * No validation after each epoch and no BatchNorm re-estimation for it: the epochs' and the
     * run's validation accuracies are NaN. For runs judged by their training loss alone (the
     * search's default fitness), where evaluating would cost more than the training.
     */
    public Distiller withoutValidation() {
        this.validate = false;
        return this;
    }

    /**
     * Validation (and its BatchNorm re-estimation) after the last epoch only; the epochs before it
     * have a NaN accuracy. For runs judged by their final accuracy alone (a calibration's long
     * runs), where validating after every epoch costs minutes that tell nothing. The training is
     * the same; the final BatchNorm statistics differ only by the trace of the skipped
     * re-estimations, which shrinks by the momentum (0.9) at every later step.
     */
    public Distiller validatingLastEpochOnly() {
        this.validateEveryEpoch = false;
        return this;
    }

    /**
     * Trains on only {@code n} samples an epoch (0: all): the first {@code n} of each epoch's own
     * shuffled order, so that every epoch sees other images; with {@link #sameImagesEveryEpoch}
     * the first epoch's {@code n} images in every epoch.
     */
    public Distiller samplesPerEpoch(int n) {
        if (n < 0) {
            throw new TinyVitException("samples per epoch must not be negative, got " + n);
        }
        this.samplesPerEpoch = n;
        return this;
    }

    /**
     * Every epoch trains on the same images, the first epoch's, reshuffled: a run of E epochs over
     * N images, where by default each epoch draws its own N ({@link #samplesPerEpoch}). The first
     * epoch is the same either way.
     */
    public Distiller sameImagesEveryEpoch() {
        this.sameImagesEveryEpoch = true;
        return this;
    }

    /**
     * Keeps the training state in the output folder after every epoch and, when that folder holds
     * the state of an unfinished run of the same {@code settings} (any text that names everything
     * the run depends on), goes on from the end of its last finished epoch instead of starting
     * again: a crash or a kill loses at most the epoch in progress, and the result is the same, to
     * the bit on the same device and engine threads. The caller removes the state once the run's result is written ({@link TrainingState#delete}).
     */
    public Distiller resumable(String settings) {
        this.resumable = settings;
        return this;
    }

    /** Records where each step's time goes into {@code into} (see {@link StepProfile}). */
    public Distiller profile(StepProfile into) {
        this.profile = into;
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
        if (epochSamples > 1 && epochSamples % config.batch() == 1) {
            // BatchNorm cannot normalise a lone image whose maps are 1×1 (a TinyViT's last stage at 28 px): leave it out of the epoch
            epochSamples--;
        }
        int stepsPerEpoch = (epochSamples + config.batch() - 1) / config.batch();
        Optional<TrainingState> saved = resumable != null && out != null ? TrainingState.find(out, resumable) : Optional.empty();
        List<RunMetrics.Epoch> epochs = new ArrayList<>(saved.map(TrainingState::epochs).orElse(List.of()));
        int firstEpoch = epochs.size();
        if (saved.isPresent() && (firstEpoch > config.epochs() || saved.get().steps() != firstEpoch * stepsPerEpoch)) {
            throw TrainingState.damaged(out.resolve(TrainingState.FILE), "holds " + firstEpoch + " epochs and " + saved.get().steps()
                    + " steps, which a run of " + config.epochs() + " epochs of " + stepsPerEpoch + " steps cannot have reached");
        }
        AdamW optimizer = new AdamW(NamedParameters.of(block), config.weightDecay());
        Run run = new Run(model, objective, optimizer, LrSchedule.cosine(config.lr(), stepsPerEpoch * config.epochs(), stepsPerEpoch),
                quiet ? null : new Progress(objective.name(), (long) stepsPerEpoch * (config.epochs() - firstEpoch)));
        double trainSeconds = 0;
        if (saved.isPresent()) {
            saved.get().restoreInto(run.trained);
            run.steps = saved.get().steps();
            optimizer.rewind(saved.get().optimizerSteps());
            trainSeconds = saved.get().trainSeconds();
            System.err.printf(Locale.ROOT, "%s: going on in %s from the end of epoch %d/%d (its saved training state)%n", objective.name(), out,
                    firstEpoch, config.epochs());
        }
        try (HostBatches batches = new HostBatches(data, augmentation, objective, config.batch(), epochSamples, sameImagesEveryEpoch, config.seed(), config.epochs(),
                profile)) {
            batches.startAt(firstEpoch);
            for (int epoch = firstEpoch; epoch < config.epochs(); epoch++) {
                long start = System.nanoTime();
                double loss = run.epoch(epoch, stepsPerEpoch, batches, train.channels(), augmentation.size());
                trainSeconds += (System.nanoTime() - start) / 1e9;
                boolean validating = validate && (validateEveryEpoch || epoch == config.epochs() - 1);
                if (validating && config.bnRecalibration() > 0) {
                    Evaluation.recalibrateBatchNorm(model, train, augmentation, config.bnRecalibration(), config.seed() * 31 + epoch);
                }
                double val = validating ? Evaluation.accuracy(model, data.val(), augmentation) : Double.NaN;
                epochs.add(new RunMetrics.Epoch(epoch, loss, val, (System.nanoTime() - start) / 1e9));
                if (out != null) {
                    Checkpoint.save(out, model);
                    new RunMetrics(objective.name(), epochs, val, Double.NaN, trainSeconds / run.steps, run.steps, epochSamples).write(out, null);
                    if (resumable != null) {
                        TrainingState.save(out, resumable, run.trained, run.steps, optimizer.steps(), trainSeconds, epochs);
                    }
                }
                if (!quiet) {
                    System.err.printf(Locale.ROOT, "%n%s: epoch %d/%d loss %.4f val accuracy %.4f%n", objective.name(), epoch + 1,
                            config.epochs(), loss, val);
                }
            }
        }
        double test = evaluateTest ? Evaluation.accuracy(model, data.test(), augmentation) : Double.NaN;
        return new RunMetrics(objective.name(), epochs, epochs.get(epochs.size() - 1).valAccuracy(), test,
                trainSeconds / run.steps, run.steps, epochSamples);
    }

    /**
     * The training steps of one run. The loss is summed on the device and read back only every
     * {@link #LOSS_READ_INTERVAL} steps and at the end of an epoch, so a step never waits for the
     * host; a non-finite loss stops the run at the next read.
     */
    private final class Run {
        private final StudentModel model;
        private final Objective objective;
        private final AdamW optimizer;
        private final LrSchedule schedule;
        private final Progress progress;
        private final ParameterStore ps;
        /** Every array a step changes in place, by name: all parameters (BatchNorm statistics too) and the optimizer's moments. */
        private final Map<String, NDArray> trained = new LinkedHashMap<>();
        /** The same arrays, in that order. */
        private final List<NDArray> state;
        private int steps;

        Run(StudentModel model, Objective objective, AdamW optimizer, LrSchedule schedule, Progress progress) {
            this.model = model;
            NamedParameters.of(model.block()).forEach((name, p) -> trained.put("weights/" + name, p.getArray()));
            optimizer.namedMoments().forEach((name, a) -> trained.put("adam/" + name, a));
            this.state = List.copyOf(trained.values());
            this.objective = objective;
            this.optimizer = optimizer;
            this.schedule = schedule;
            this.progress = progress;
            this.ps = new ParameterStore(model.manager(), false);
        }

        /**
         * Trains one epoch; returns its mean loss. At each read of a finite loss the training state
         * is captured; a non-finite loss sends the run back to the last capture to replay the same
         * batches once, and fails it only if the loss turns non-finite again before that point is
         * passed (a seeded run repeats a real divergence exactly).
         */
        double epoch(int epoch, int stepsPerEpoch, HostBatches batches, int channels, int size) {
            try (NDManager epochScope = model.manager().newSubManager()) {
                NDArray lossSum = epochScope.zeros(new Shape());
                List<NDArray> live = new ArrayList<>(state);
                live.add(lossSum);
                RollbackPoint rollback = new RollbackPoint(epochScope, live);
                rollback.capture(0, steps, optimizer.steps());
                reseed();
                int read = 0;
                int replayedFrom = -1;
                for (int b = 0; b < stepsPerEpoch; b++) {
                    long start = System.nanoTime();
                    HostBatches.HostBatch host = batches.next();
                    step(host, channels, size, lossSum, System.nanoTime() - start);
                    if (b + 1 == stepsPerEpoch || (b + 1) % LOSS_READ_INTERVAL == 0) {
                        double mean = lossSum.getFloat() / (b + 1);
                        // the losses read so far came before their steps' updates: the state after the last update is checked too
                        String fault = !Double.isFinite(mean) ? "the loss is " + mean
                                : !RollbackPoint.allFinite(state) ? "the weights or Adam's moments turned non-finite" : null;
                        if (fault != null) {
                            String where = fault + " by epoch " + (epoch + 1) + ", step " + steps;
                            if (replayedFrom == rollback.step()) {
                                throw new TrainingDivergedException("training diverged: " + where + ", again when replayed from step "
                                        + replayedFrom + " (try a lower learning rate)");
                            }
                            replayedFrom = rollback.step();
                            System.err.printf(Locale.ROOT, "%n%s: %s; replaying from step %d (a real divergence repeats)%n", objective.name(),
                                    where, replayedFrom);
                            rollback.restore();
                            steps = rollback.step();
                            optimizer.rewind(rollback.optimizerStep());
                            batches.rewind(epoch, rollback.batch());
                            reseed();
                            b = rollback.batch() - 1;
                            continue;
                        }
                        if (progress != null) {
                            progress.advance(b + 1 - read, String.format(Locale.ROOT, "epoch %d loss %.4f", epoch + 1, mean));
                        }
                        read = b + 1;
                        if (read < stepsPerEpoch) {
                            rollback.capture(read, steps, optimizer.steps());
                            reseed();
                        }
                    }
                }
                return lossSum.getFloat() / stepsPerEpoch;
            }
        }

        /**
         * Seeds the engine's generator (drop path draws from it) from the run's seed and step, at
         * every capture and restore: a replay then draws the same masks as the first pass did.
         */
        private void reseed() {
            Engine.getInstance().setRandomSeed((int) (config.seed() * 1_000_003L + steps));
        }

        private void step(HostBatches.HostBatch host, int channels, int size, NDArray lossSum, long waitNanos) {
            int threads = EngineThreads.applyRequested();
            if (threads > 0) {
                System.err.printf(Locale.ROOT, "%n%s: now on %d engine threads, from step %d%n", objective.name(), threads, steps);
            }
            float lr = schedule.at(steps++);
            long start = System.nanoTime();
            long forward;
            long backward;
            int created;
            try (NDManager scope = model.manager().newSubManager();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                int n = host.indices().length;
                NDArray images = scope.create(host.pixels(), new Shape(n, channels, size, size));
                Optional<NDArray> targets = host.targets().map(t -> scope.create(t, new Shape(n, t.length / n)));
                Batch batch = new Batch(host.epoch(), host.indices(), host.seeds(), images, scope.create(host.labels()), targets, scope);
                NDArray loss = loss(batch);
                forward = System.nanoTime();
                gc.backward(loss);
                lossSum.addi(loss.stopGradient());
                backward = System.nanoTime();
                created = profile != null ? scope.getManagedArrays().size() : 0;
            }
            try (NDManager scope = model.manager().newSubManager()) {
                optimizer.step(lr, config.clipNorm(), scope);
                created += profile != null ? scope.getManagedArrays().size() : 0;
            }
            if (profile != null) {
                profile.step(host.indices().length, waitNanos, forward - start, backward - forward, System.nanoTime() - backward, created);
            }
        }

        /** The objective's loss of a batch, exposing the student's relation block when the objective asks for it. */
        private NDArray loss(Batch batch) {
            int stage = objective.relationStage();
            if (stage < 0) {
                return objective.loss(batch, model.block().apply(ps, batch.images(), true), null);
            }
            TinyVit tinyVit = (TinyVit) model.block();
            NDArray[] out = tinyVit.applyCapturing(ps, batch.images(), true, stage);
            NDArray tokens = out[1];
            Objective.StudentRelation relation = new Objective.StudentRelation() {
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
            return objective.loss(batch, out[0], relation);
        }
    }
}
