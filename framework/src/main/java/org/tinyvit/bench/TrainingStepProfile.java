package org.tinyvit.bench;

import ai.djl.engine.Engine;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.Distiller;
import org.tinyvit.distill.Objective;
import org.tinyvit.distill.StepProfile;
import org.tinyvit.distill.Target;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.StudentSpec;

/**
 * Where a real training step spends its time: {@code steps} steps of the Distiller's own loop on
 * real images with the labels loss, after a few warm-up steps, split into waiting for the batch,
 * forward, backward and update, plus the host's batch preparation and the engine calls per step.
 * A benchmark, recorded in docs/benchmarks.md; never asserted in a test.
 */
public final class TrainingStepProfile {
    private static final int WARM_UP_STEPS = 5;
    private static final int VAL_IMAGES = 256;

    private TrainingStepProfile() {}

    /** {@code model} must already fit the data's input and classes. */
    public static StepProfile measure(StudentSpec model, DataSplits all, TrainConfig config, int steps) {
        DataSplits data = new DataSplits(all.train(), all.val().head(VAL_IMAGES), all.test(), all.mean(), all.std());
        train(model, data, config, WARM_UP_STEPS, new StepProfile());
        StepProfile profile = new StepProfile();
        train(model, data, config, steps, profile);
        return profile;
    }

    private static void train(StudentSpec spec, DataSplits data, TrainConfig config, int steps, StepProfile profile) {
        Engine.getInstance().setRandomSeed((int) config.seed());
        TrainConfig oneEpoch = config.withEpochs(1);
        try (StudentModel model = StudentModel.create(spec); Objective objective = Target.labels().open(data, oneEpoch)) {
            new Distiller(oneEpoch).quiet().withoutTest().samplesPerEpoch(Math.min(steps * config.batch(), data.train().size()))
                    .profile(profile).train(model, data, objective, null);
        }
    }
}
