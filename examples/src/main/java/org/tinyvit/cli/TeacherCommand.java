package org.tinyvit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.LabelObjective;
import org.tinyvit.io.Json;
import org.tinyvit.model.tinyvit.TinyVitSpec;
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

    @Option(names = "--json", description = "Print metrics.json on stdout.")
    boolean json;

    @Override
    public Integer call() {
        DataSplits data = dataOptions.load(trainOptions.trainSamples);
        TinyVitSpec spec = Specs.adapt(specOptions.resolveOr("tinyvit-21m"), specOptions, data, trainOptions);
        var config = trainOptions.config(DEFAULT_EPOCHS, spec.imgSize());
        Specs.report(Specs.train(spec, data, config, new LabelObjective(config.seed()), out, Json.object()), out, json);
        return 0;
    }
}
