package org.tinyvit.cli;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.tinyvit.data.Augmentation;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.RunMetrics;
import org.tinyvit.distill.Target;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.distill.TrainingRun;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.pipeline.TrainingCurves;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the teacher and distill commands share: the model, the data, the training flags, the output, and one training run. */
final class TrainingCommandOptions {
    static final int DEFAULT_EPOCHS = 3;

    @Mixin SpecOptions spec;
    @Mixin DataOptions data;
    @Mixin TrainOptions train;
    @Mixin JsonOption output;
    @Mixin DeviceOption device;
    @Option(names = "--out", required = true, description = "Output folder (checkpoint, metrics.json, curves.png).") Path out;

    /**
     * Trains the named model (else {@code defaultPreset}) on {@code target} and prints the result.
     *
     * @param defaultImgSize the resolution without --img-size; 0 for the data's own
     * @param defaultPolicy the augmentation without --augmentation
     */
    void run(String defaultPreset, int defaultImgSize, Augmentation.Policy defaultPolicy, Target target) {
        Device where = device.device();
        DataSplits splits = data.load(train.trainSamples);
        StudentSpec model = spec.fitted(train.withDropPath(spec.resolveOr(defaultPreset)), splits, defaultImgSize);
        TrainConfig config = train.config(DEFAULT_EPOCHS, defaultPolicy);
        RunMetrics metrics = TrainingRun.run(TrainingRun.Settings.of(model, splits, config, target, out).on(where)).metrics();
        TrainOptions.print(metrics, out, output.json);
        Path name = out.toAbsolutePath().normalize().getFileName();
        TrainingCurves.write(out.resolve(TrainingCurves.FILE), List.of(new TrainingCurves.Run(name == null ? "run" : name.toString(), metrics)));
    }
}
