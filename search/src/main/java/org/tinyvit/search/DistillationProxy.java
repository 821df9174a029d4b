package org.tinyvit.search;

import ai.djl.engine.Engine;
import java.nio.file.Path;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.Distiller;
import org.tinyvit.distill.SparseKdObjective;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.StudentSpec;

/**
 * The search's fitness: a short {@code sparse-kd} run on the stored teacher logits (the teacher
 * never runs), at the data's resolution, then validation top-1 after re-estimating BatchNorm
 * statistics. The test split is never looked at.
 */
public final class DistillationProxy implements ProxyTrainer {
    static final int RECALIBRATION_BATCHES = 8;
    /**
     * Short runs take small batches at a higher rate than full training: measured on the default
     * Fashion-MNIST pipeline (1,500 images a run), batches of 128 at 1e-3 left every candidate at
     * chance (12 steps teach nothing), while batches of 32 at 2e-3 (47 steps, about the same
     * time) reach 0.33-0.53 validation accuracy; 3e-3 sometimes diverged for 21M candidates.
     */
    public static final int DEFAULT_BATCH = 32;
    public static final float DEFAULT_LR = 2e-3f;
    private final DataSplits data;
    private final Path store;
    private final int batch;
    private final float lr;
    private final long seed;

    /**
     * @param valImages how many validation images score a candidate (the first ones of the
     *     fixed validation split; fewer make each evaluation faster and noisier)
     */
    public DistillationProxy(DataSplits data, Path store, int batch, float lr, long seed, int valImages) {
        this.data = new DataSplits(data.train(), data.val().head(Math.min(valImages, data.val().size())), data.test(), data.mean(), data.std());
        this.store = store;
        this.batch = batch;
        this.lr = lr;
        this.seed = seed;
    }

    /** The candidate as trained here: the data's size, channels and classes. */
    public StudentSpec adapt(StudentSpec spec) {
        return spec.withInput(data.train().height(), data.train().channels(), data.train().classes().size());
    }

    @Override
    public double accuracy(StudentSpec spec, ProxyRun run) {
        TrainConfig config = new TrainConfig(run.epochs(), batch, lr, TrainConfig.DEFAULT_WEIGHT_DECAY, TrainConfig.DEFAULT_CLIP_NORM,
                seed, data.train().height());
        Engine.getInstance().setRandomSeed((int) seed);
        try (StudentModel model = StudentModel.create(adapt(spec)); SparseKdObjective objective = new SparseKdObjective(store, data)) {
            return new Distiller(config).quiet().withoutTest().samplesPerEpoch(run.samples())
                    .recalibrateBatchNorm(RECALIBRATION_BATCHES).train(model, data, objective, null).valAccuracy();
        }
    }
}
