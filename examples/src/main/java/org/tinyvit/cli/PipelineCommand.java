package org.tinyvit.cli;

import java.nio.file.Path;
import java.util.Map;
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

    @Option(names = "--recipe", defaultValue = Pipeline.FAST, description = "fast (default: 28 px, within the hour on 2 cores), balanced"
            + " (28 px, a teacher of " + Pipeline.ACCURATE_TEACHER_EPOCHS + " epochs with a flip and drop path " + Pipeline.ACCURATE_TEACHER_DROP_PATH
            + ", members of " + Pipeline.BALANCED_FAMILY_EPOCHS + " epochs on the flip: about three times as long) or accurate (the same at "
            + Pipeline.ACCURATE_IMG_SIZE + " px with members of " + Pipeline.ACCURATE_FAMILY_EPOCHS + " epochs: hours); see the README;"
            + " flags given beside it override its values.") String recipe;

    @Option(names = "--teacher-drop-path", description = "Drop-path rate of the teacher (default: the recipe's, " + Pipeline.TEACHER_DROP_PATH + " for fast).") Double teacherDropPath;

    @Option(names = "--train-samples", description = "Training images used (default ${DEFAULT-VALUE}: the whole training split less the validation images).") int trainSamples = Pipeline.DEFAULT_TRAIN_SAMPLES;

    @Option(names = "--img-size", description = "Input resolution of the teacher, the logit store and every student; the images are resized bilinearly (default: the recipe's; for fast the data's own, 28 for Fashion-MNIST).") Integer imgSize;

    @Option(names = "--epochs", description = "Epochs of the teacher, the stored stream and each family member at once (default: the recipe's for each).") Integer epochs;

    @Option(names = "--teacher-epochs", description = "Epochs of the teacher (default: the recipe's, " + Pipeline.DEFAULT_TEACHER_EPOCHS + " for fast).") Integer teacherEpochs;

    @Option(names = "--store-epochs", description = "Augmented epochs of stored teacher logits (default: the recipe's, " + Pipeline.DEFAULT_STORE_EPOCHS + ").") Integer storeEpochs;

    @Option(names = "--family-epochs", description = "Epochs of each chosen model's training (default: the recipe's, " + Pipeline.DEFAULT_FAMILY_EPOCHS + " for fast).") Integer familyEpochs;

    @Option(names = "--augmentation", description = "Augmentation of teacher, store and family: none, flip, light or strong (default: the recipe's, " + TrainConfig.DEFAULT_AUGMENTATION_LABEL + " for fast).") String augmentation;

    @Option(names = "--until", defaultValue = "family", description = "Stop after this step: teacher, logits, search or family (default"
            + " ${DEFAULT-VALUE}: the whole job). `--until search` leaves the chosen family in search/family.json untrained; the same job"
            + " run again without it goes on from there.") String until;

    @Mixin SearchOptions searchOptions;

    @Mixin DataOptions dataOptions;

    @Mixin WorkerOptions workerOptions;

    @Mixin DeviceOption device;

    @Mixin FamilyWorkerOptions familyWorkers;

    @Mixin JsonOption output;

    @Override
    public Integer call() {
        Pipeline.Step last = Pipeline.Step.of(until); // refused before recipe() loads the engine
        Pipeline.Settings base = Pipeline.Settings.recipe(recipe);
        com.google.inject.Module[] searchBackend = workerOptions.modules();
        ai.djl.Device where = device.device();
        Optional<Augmentation.Policy> policy = Optional.ofNullable(augmentation).map(Augmentation.Policy::of);
        TrainConfig teacher = base.teacherTraining().withEpochs(first(epochs, teacherEpochs, base.teacherTraining().epochs()))
                .withAugmentation(policy.orElse(base.teacherTraining().augmentation()));
        TrainConfig family = base.familyTraining().withEpochs(first(epochs, familyEpochs, base.familyTraining().epochs()))
                .withAugmentation(policy.orElse(base.familyTraining().augmentation()));
        DataSource data = dataOptions.source(trainSamples);
        List<Budget> budgets = searchOptions.budgets();
        Pipeline.Settings settings = new Pipeline.Settings(out, Presets.get(teacherPreset).withDropPath(teacherDropPath != null ? teacherDropPath
                : base.teacher().dropPath()), data, imgSize != null ? imgSize : base.imgSize(), teacher, first(epochs, storeEpochs, base.storeEpochs()),
                family, searchOptions.space(), budgets, searchOptions.settings(base.search().fitness()),
                searchOptions.proxy(ProxySettings.DEFAULT_BATCH, ProxySettings.DEFAULT_LR, base.search().fitness()),
                Optional.of(ZooFolder.defaultLocation()), where, familyWorkers.workers(budgets.size(), data, where), last);
        Pipeline.Result result = Pipeline.run(settings, searchBackend);
        if (output.json) {
            System.out.println(Json.compact(result.toJson()));
            return 0;
        }
        System.out.println(finished(result));
        System.out.printf(Locale.ROOT, "teacher: validation accuracy %.4f, test accuracy %.4f%n", result.teacherMetrics().valAccuracy(),
                result.teacherMetrics().testAccuracy());
        result.family().ifPresent(TrainFamilyCommand::printTable);
        result.curves().ifPresent(png -> System.out.println("validation curves of the teacher and the members: " + png));
        return 0;
    }

    /** What the job made, step by step, up to the last it ran. */
    private static String finished(Pipeline.Result result) {
        Map<Pipeline.Step, String> names = Map.of(Pipeline.Step.TEACHER, "teacher", Pipeline.Step.LOGITS, "store", Pipeline.Step.SEARCH,
                "family file", Pipeline.Step.FAMILY, "family");
        List<String> made = result.outputs().entrySet().stream().map(e -> names.get(e.getKey()) + " " + e.getValue()).toList();
        return (result.last() == Pipeline.Step.FAMILY ? "pipeline finished: " : "pipeline stopped after the " + result.last().label() + " step: ")
                + String.join(", ", made);
    }

    /** The first value given: --epochs, then the step's own flag, then the recipe's. */
    private static int first(Integer all, Integer own, int recipes) {
        return all != null ? all : own != null ? own : recipes;
    }
}
