package org.tinyvit.distill;

import org.tinyvit.data.Augmentation;

/**
 * Base of the objectives that draw each sample's augmentation afresh from the run's seed (rather
 * than replaying a logit store's): every epoch sees new crops, the same ones on every rerun.
 */
abstract class FreshAugmentation implements Objective {
    private final long runSeed;

    FreshAugmentation(long runSeed) {
        this.runSeed = runSeed;
    }

    @Override
    public final int seed(int epoch, int index) {
        return Augmentation.sampleSeed(runSeed, epoch, index);
    }
}
