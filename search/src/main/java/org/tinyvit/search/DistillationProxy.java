package org.tinyvit.search;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import org.tinyvit.data.Augmentation;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.Distiller;
import org.tinyvit.distill.RunMetrics;
import org.tinyvit.distill.SparseKdObjective;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.distill.TrainingRun;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.StudentSpec;

/**
 * The search's fitness: a short {@code sparse-kd} run on the stored teacher logits (the teacher
 * never runs), at the store's resolution (the teacher's), over the run's images for its epochs
 * (the same images every epoch), reporting its mean training loss and, unless the settings ask
 * for no validation images, its validation top-1 after its last epoch, after re-estimating
 * BatchNorm statistics (NaN without). The test split is never looked at.
 */
public final class DistillationProxy implements ProxyTrainer {
    static final int RECALIBRATION_BATCHES = 8;
    private final DataSplits data;
    private final Path store;
    private final ProxySettings settings;
    private final Augmentation.Policy augmentation;
    private final int imgSize;

    private final Device device;

    /** Candidates train on the engine's default device. */
    public DistillationProxy(DataSplits data, Path store, ProxySettings settings) {
        this(data, store, settings, Engine.getInstance().defaultDevice());
    }

    /** Candidates train on {@code device}. */
    public DistillationProxy(DataSplits data, Path store, ProxySettings settings, Device device) {
        this.device = device;
        this.data = settings.valImages() == 0 ? data
                : new DataSplits(data.train(), data.val().head(settings.valImagesIn(data)), data.test(), data.mean(), data.std());
        this.store = store;
        this.settings = settings;
        StoreManifest manifest = StoreManifest.read(store);
        this.augmentation = manifest.augmentation();
        this.imgSize = manifest.imgSize();
    }

    @Override
    public double accuracy(StudentSpec spec, ProxyRun run) {
        return score(spec, run).accuracy();
    }

    @Override
    public ProxyScore score(StudentSpec spec, ProxyRun run) {
        TrainConfig config = new TrainConfig(run.epochs(), settings.batch(), settings.lr(), TrainConfig.DEFAULT_WEIGHT_DECAY,
                TrainConfig.DEFAULT_CLIP_NORM, settings.seed()).withAugmentation(augmentation).withBnRecalibration(RECALIBRATION_BATCHES);
        Engine.getInstance().setRandomSeed((int) settings.seed());
        try (StudentModel model = StudentModel.create(TrainingRun.fitToData(spec, data, imgSize), device);
                SparseKdObjective objective = new SparseKdObjective(store, data, augmentation)) {
            // only the last epoch's accuracy scores a candidate: validating the others would cost minutes of a calibration's long runs
            Distiller distiller = new Distiller(config).quiet().withoutTest().samplesPerEpoch(run.samples()).sameImagesEveryEpoch()
                    .validatingLastEpochOnly();
            if (settings.valImages() == 0) {
                distiller.withoutValidation();
            }
            RunMetrics metrics = distiller.train(model, data, objective, null);
            return new ProxyScore(metrics.valAccuracy(), metrics.epochs().stream().mapToDouble(RunMetrics.Epoch::loss).average().orElseThrow());
        }
    }
}
