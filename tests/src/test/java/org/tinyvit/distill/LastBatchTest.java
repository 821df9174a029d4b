package org.tinyvit.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.tinyvit.data.DataSource;
import org.tinyvit.data.DataSplits;
import org.tinyvit.model.StudentModel;

/**
 * BatchNorm cannot normalise one image whose maps are 1×1 (one value per channel), which a
 * TinyViT's last stage has at 28 px: an epoch whose last batch would hold a single image leaves
 * that image out instead of failing at its last step.
 */
class LastBatchTest {
    @Test
    void anEpochOfOneMoreThanWholeBatchesLeavesTheLoneImageOut() {
        DataSplits data = DataSource.fashionMnist(null).withTrainSamples(33).splits();
        TrainConfig config = new TrainConfig(2, 16, 2e-3f, 0.05f, 5f, 7);
        Engine.getInstance().setRandomSeed(7);
        try (StudentModel model = StudentModel.create(RollbackTest.SPEC); Objective objective = Target.labels().open(data, config)) {
            RunMetrics metrics = new Distiller(config).quiet().withoutTest().train(model, data, objective, null);
            assertEquals(4, metrics.steps(), "two batches of 16 per epoch");
            assertEquals(2, metrics.epochs().size());
        }
    }
}
