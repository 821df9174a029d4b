package org.tinyvit.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.Augmentation;
import org.tinyvit.distill.RunMetrics;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.io.Json;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import picocli.CommandLine.Option;

/** Settings shared by every training command, and how a finished run is printed. */
final class TrainOptions {
    @Option(names = "--epochs", description = "Training epochs.") Integer epochs;

    @Option(names = "--train-samples", description = "Train on the first N images of the train split (quick runs).") Integer trainSamples;

    @Option(names = "--batch", description = "Batch size (default ${DEFAULT-VALUE}).") int batch = TrainConfig.DEFAULT_BATCH;

    @Option(names = "--lr", description = "Peak learning rate of AdamW (default ${DEFAULT-VALUE}).") float lr = TrainConfig.DEFAULT_LR;

    @Option(names = "--weight-decay", description = "AdamW weight decay (default ${DEFAULT-VALUE}).") float weightDecay = TrainConfig.DEFAULT_WEIGHT_DECAY;

    @Option(names = "--clip", description = "Clip gradients to this global norm, 0 for none (default ${DEFAULT-VALUE}).") float clip = TrainConfig.DEFAULT_CLIP_NORM;

    @Option(names = "--seed", description = "Seed of initialisation, order and augmentation (default ${DEFAULT-VALUE}).") long seed = TrainConfig.DEFAULT_SEED;

    @Option(names = "--drop-path", description = "Drop-path rate (overrides the spec).") Double dropPath;

    @Option(names = "--augmentation", description = "none, flip (mirror only), light (shift and flip) or strong (random-resized crop and flip); default: a logit store's own policy, else " + TrainConfig.DEFAULT_AUGMENTATION_LABEL + ".") String augmentation;

    @Option(names = "--recalibrate-bn", description = "Batches of 256 training images that re-estimate BatchNorm statistics before each evaluation; 0 for none (default ${DEFAULT-VALUE}).") int recalibrateBn = TrainConfig.DEFAULT_BN_RECALIBRATION;

    @Option(names = "--label-smoothing", description = "Label smoothing of the labels loss (default ${DEFAULT-VALUE}).") float labelSmoothing = TrainConfig.DEFAULT_LABEL_SMOOTHING;

    /** The run's settings; {@code defaultPolicy} applies without --augmentation (a store's policy, say). */
    TrainConfig config(int defaultEpochs, Augmentation.Policy defaultPolicy) {
        return new TrainConfig(epochs != null ? epochs : defaultEpochs, batch, lr, weightDecay, clip, seed,
                augmentation != null ? Augmentation.Policy.of(augmentation) : defaultPolicy, labelSmoothing, recalibrateBn);
    }

    /**
     * The recipe of runs that replay a logit store: {@code defaultEpochs} without --epochs, and
     * the store's augmentation (another --augmentation is refused, since the records replay it).
     */
    TrainConfig replaying(StoreManifest store, int defaultEpochs) {
        if (augmentation != null && Augmentation.Policy.of(augmentation) != store.augmentation()) {
            throw new TinyVitException("--augmentation " + augmentation + " differs from the store's " + store.augmentation().label()
                    + ", which its records replay; leave it out");
        }
        return config(defaultEpochs, store.augmentation());
    }

    /** The spec with the --drop-path override, if any. */
    TinyVitSpec withDropPath(TinyVitSpec spec) {
        return dropPath != null ? spec.withDropPath(dropPath) : spec;
    }

    static void print(RunMetrics metrics, Path out, boolean json) {
        if (json) {
            System.out.println(Json.compact(metrics.toJson()));
        } else {
            System.out.printf(Locale.ROOT, "%s: validation accuracy %.4f, test accuracy %.4f, %.3f s/step; written to %s%n",
                    metrics.objective(), metrics.valAccuracy(), metrics.testAccuracy(), metrics.secondsPerStep(), out);
        }
    }
}
