package org.tinyvit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.Target;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.distill.TrainingRun;
import org.tinyvit.model.StudentSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains a teacher on labels. */
@Command(name = "teacher", description = "Train a teacher (default: tinyvit-21m adapted to the data) on the labels; writes a checkpoint and metrics.json.")
final class TeacherCommand implements Callable<Integer> {
    static final int DEFAULT_EPOCHS = 3;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    TrainOptions trainOptions;

    @Option(names = "--out", required = true, description = "Output folder (checkpoint + metrics.json).")
    Path out;

    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        DataSplits data = dataOptions.load(trainOptions.trainSamples);
        StudentSpec spec = specOptions.fitted(trainOptions.withDropPath(specOptions.resolveOr("tinyvit-21m")), data, 0);
        TrainConfig config = trainOptions.config(DEFAULT_EPOCHS, spec.imgSize());
        TrainOptions.print(TrainingRun.run(TrainingRun.Settings.of(spec, data, config, Target.labels(), out)).metrics(), out, output.json);
        return 0;
    }
}
