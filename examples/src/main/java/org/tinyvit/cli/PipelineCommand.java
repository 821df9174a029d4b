package org.tinyvit.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tinyvit.model.tinyvit.Presets;
import org.tinyvit.pipeline.Pipeline;
import org.tinyvit.search.ProxySettings;
import org.tinyvit.zoo.ZooFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The main job: teacher → logit store → contraction search over 21M, 11M, 5M → longer
 * training of the chosen family, on Fashion-MNIST (or --data). Each step is skipped when an
 * earlier run already finished it in the same folder; an interrupted search resumes.
 */
@Command(name = "pipeline", description = "Teacher, logit store, search and train-family in one go; finished steps are reused.")
final class PipelineCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = Pipeline.DEFAULT_OUT, description = "Folder of the run (default ${DEFAULT-VALUE}).") Path out;

    @Option(names = "--teacher-preset", defaultValue = Pipeline.DEFAULT_TEACHER, description = "Teacher architecture (default ${DEFAULT-VALUE}).") String teacherPreset;

    @Option(names = "--train-samples", description = "Training images used (default ${DEFAULT-VALUE}; 54000 is the whole train split).") int trainSamples = Pipeline.DEFAULT_TRAIN_SAMPLES;

    @Option(names = "--epochs", description = "Epochs of teacher, store and family training (default ${DEFAULT-VALUE}).") int epochs = Pipeline.DEFAULT_EPOCHS;

    @Mixin SearchOptions searchOptions;

    @Mixin DataOptions dataOptions;

    @Override
    public Integer call() {
        Pipeline.Settings settings = new Pipeline.Settings(out, Presets.get(teacherPreset), dataOptions.source(trainSamples), epochs,
                searchOptions.space(), searchOptions.budgets(), searchOptions.settings(),
                searchOptions.proxy(ProxySettings.DEFAULT_BATCH, ProxySettings.DEFAULT_LR), Optional.of(ZooFolder.defaultLocation()));
        Pipeline.Result result = Pipeline.run(settings);
        System.out.println("pipeline finished: teacher " + result.teacher() + ", store " + result.store() + ", search "
                + result.familyFile().getParent() + ", family " + out.resolve(Pipeline.FAMILY));
        return 0;
    }
}
