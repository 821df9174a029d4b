package org.tinyvit.cli;

import org.tinyvit.distill.TrainConfig;
import picocli.CommandLine.Option;

/** Settings shared by every training command. */
final class TrainOptions {
    @Option(names = "--epochs", description = "Training epochs.")
    Integer epochs;

    @Option(names = "--train-samples", description = "Train on the first N images of the train split (quick runs).")
    Integer trainSamples;

    @Option(names = "--batch", defaultValue = "" + TrainConfig.DEFAULT_BATCH, description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "" + TrainConfig.DEFAULT_LR, description = "Peak learning rate of AdamW (default ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--weight-decay", defaultValue = "" + TrainConfig.DEFAULT_WEIGHT_DECAY, description = "AdamW weight decay (default ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = "--clip", defaultValue = "" + TrainConfig.DEFAULT_CLIP_NORM, description = "Clip gradients to this global norm, 0 for none (default ${DEFAULT-VALUE}).")
    float clip;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of initialisation, order and augmentation (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--drop-path", description = "Drop-path rate (overrides the spec).")
    Double dropPath;

    TrainConfig config(int defaultEpochs, int imgSize) {
        return new TrainConfig(epochs != null ? epochs : defaultEpochs, batch, lr, weightDecay, clip, seed, imgSize);
    }
}
