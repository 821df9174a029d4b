package org.tinyvit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tinyvit.data.DataSource;
import org.tinyvit.search.Budget;
import java.util.concurrent.Callable;
import org.tinyvit.data.Augmentation;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.io.Json;
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

    @Option(names = "--teacher-drop-path", description = "Drop-path rate of the teacher (default ${DEFAULT-VALUE}).") double teacherDropPath = Pipeline.TEACHER_DROP_PATH;

    @Option(names = "--train-samples", description = "Training images used (default ${DEFAULT-VALUE}: the whole training split less the validation images).") int trainSamples = Pipeline.DEFAULT_TRAIN_SAMPLES;

    @Option(names = "--img-size", description = "Input resolution of the teacher, the logit store and every student; the images are resized bilinearly (default: the data's own, 28 for Fashion-MNIST).") int imgSize;

    @Option(names = "--epochs", description = "Epochs of the teacher, the stored stream and each family member at once (default: their own defaults).") Integer epochs;

    @Option(names = "--teacher-epochs", description = "Epochs of the teacher (default ${DEFAULT-VALUE}).") int teacherEpochs = Pipeline.DEFAULT_TEACHER_EPOCHS;

    @Option(names = "--store-epochs", description = "Augmented epochs of stored teacher logits (default ${DEFAULT-VALUE}).") int storeEpochs = Pipeline.DEFAULT_STORE_EPOCHS;

    @Option(names = "--family-epochs", description = "Epochs of each chosen model's training (default ${DEFAULT-VALUE}).") int familyEpochs = Pipeline.DEFAULT_FAMILY_EPOCHS;

    @Option(names = "--augmentation", description = "Augmentation of teacher, store and family: none, flip, light or strong (default ${DEFAULT-VALUE}).") String augmentation = TrainConfig.DEFAULT_AUGMENTATION_LABEL;

    @Mixin SearchOptions searchOptions;

    @Mixin DataOptions dataOptions;

    @Mixin WorkerOptions workerOptions;

    @Mixin DeviceOption device;

    @Mixin FamilyWorkerOptions familyWorkers;

    @Mixin JsonOption output;

    @Override
    public Integer call() {
        com.google.inject.Module[] searchBackend = workerOptions.modules();
        ai.djl.Device where = device.device();
        Pipeline.Settings defaults = Pipeline.Settings.defaults();
        Augmentation.Policy policy = Augmentation.Policy.of(augmentation);
        TrainConfig teacher = defaults.teacherTraining().withEpochs(epochs != null ? epochs : teacherEpochs).withAugmentation(policy);
        TrainConfig family = defaults.familyTraining().withEpochs(epochs != null ? epochs : familyEpochs).withAugmentation(policy);
        DataSource data = dataOptions.source(trainSamples);
        List<Budget> budgets = searchOptions.budgets();
        Pipeline.Settings settings = new Pipeline.Settings(out, Presets.get(teacherPreset).withDropPath(teacherDropPath),
                data, imgSize, teacher, epochs != null ? epochs : storeEpochs, family, searchOptions.space(), budgets, searchOptions.settings(),
                searchOptions.proxy(ProxySettings.DEFAULT_BATCH, ProxySettings.DEFAULT_LR), Optional.of(ZooFolder.defaultLocation()), where,
                familyWorkers.workers(budgets.size(), data, where));
        Pipeline.Result result = Pipeline.run(settings, searchBackend);
        if (output.json) {
            System.out.println(Json.compact(result.toJson()));
            return 0;
        }
        System.out.println("pipeline finished: teacher " + result.teacher() + ", store " + result.store() + ", search "
                + result.familyFile().getParent() + ", family " + out.resolve(Pipeline.FAMILY));
        System.out.printf(Locale.ROOT, "teacher: validation accuracy %.4f, test accuracy %.4f%n", result.teacherMetrics().valAccuracy(),
                result.teacherMetrics().testAccuracy());
        TrainFamilyCommand.printTable(result.family());
        result.curves().ifPresent(png -> System.out.println("validation curves of the teacher and the members: " + png));
        return 0;
    }
}
