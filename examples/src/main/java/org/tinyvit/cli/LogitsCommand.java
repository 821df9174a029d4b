package org.tinyvit.cli;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tinyvit.data.Augmentation;
import org.tinyvit.distill.LogitStoreBuilder;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes the sparse logit store of a teacher. */
@Command(name = "logits", description = "Run a teacher once over the augmented training stream and store seed + top-K probabilities per sample and epoch.")
final class LogitsCommand implements Callable<Integer> {
    @Option(names = "--teacher", required = true, description = "Teacher checkpoint folder.") Path teacherDir;

    @Option(names = "--epochs", description = "Epochs of the augmented stream to store (default ${DEFAULT-VALUE}).") int epochs = 3;

    @Option(names = "--top-k", description = "Probabilities stored per sample (default ${DEFAULT-VALUE}).") int topK = LogitStoreBuilder.DEFAULT_TOP_K;

    @Option(names = "--train-samples", description = "Store the first N images of the train split only.") Integer trainSamples;

    @Option(names = "--seed", description = "Seed of the augmentation stream (default ${DEFAULT-VALUE}).") long seed = LogitStoreBuilder.DEFAULT_SEED;

    @Option(names = "--out", required = true, description = "Store folder.") Path out;

    @Option(names = "--verify", description = "Re-run the teacher on sampled records and report the differences.") boolean verify;

    @Option(names = "--verify-samples", description = "Records per epoch to re-check with --verify (default ${DEFAULT-VALUE}).") int verifySamples = LogitStoreBuilder.DEFAULT_VERIFY_SAMPLES;

    @Option(names = "--augmentation", description = "Augmentation of the stored stream: none, flip, light or strong (default ${DEFAULT-VALUE}); students replay it.") String augmentation = TrainConfig.DEFAULT_AUGMENTATION.label();

    @Mixin JsonOption output;

    @Mixin DeviceOption device;

    @Mixin DataOptions dataOptions;

    @Override
    public Integer call() {
        Device where = device.device();
        var settings = new LogitStoreBuilder.Settings(teacherDir, dataOptions.load(trainSamples), topK, seed, epochs, out, verify ? verifySamples : 0,
                Augmentation.Policy.of(augmentation), where);
        LogitStoreBuilder.Result result = LogitStoreBuilder.build(settings);
        if (output.json) {
            System.out.println(Json.compact(result.toJson()));
            return 0;
        }
        System.out.printf(Locale.ROOT, "store %s: %d epochs (%d written now) of %d samples, top-%d, %,d bytes%n", out, result.epochs(),
                result.epochsWritten(), result.samples(), result.topK(), result.bytes());
        result.verification().ifPresent(v -> System.out.printf(Locale.ROOT, "verify: %d records re-run, mean |delta| %.3g, index mismatch rate %.4f%n",
                v.records(), v.meanAbsDelta(), v.indexMismatchRate()));
        return 0;
    }
}
