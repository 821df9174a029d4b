package org.tinyvit.cli;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tinyvit.data.DataSource;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.io.Json;
import org.tinyvit.pipeline.FamilyTraining;
import org.tinyvit.search.FamilyFile;
import org.tinyvit.zoo.ZooFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Distils each model a search chose for longer, on the same logit store, and writes one
 * checkpoint per model with its test accuracy, installed into the model zoo. A model whose run
 * already finished is reused.
 */
@Command(name = "train-family", description = "Train the models of a family.json longer (sparse-kd on the logit store) into zoo-ready checkpoints.")
final class TrainFamilyCommand implements Callable<Integer> {
    @Option(names = "--family", required = true, description = "family.json written by `tinyvit search`.") Path familyFile;

    @Option(names = "--logits", required = true, description = "Logit store folder (the one the search used).") Path logits;

    @Option(names = "--out", required = true, description = "Output folder: one checkpoint folder per model and " + FamilyTraining.RESULT_FILE + ".") Path out;

    @Option(names = "--prefix", description = "Model names are PREFIX-<budget> (default: <space>-<dataset>, e.g. tinyvit-fashion-mnist).") String prefix;

    @Option(names = "--zoo", description = "Zoo folder the trained models are installed into (default: -Dtinyvit.zoo, TINYVIT_ZOO, then ~/.tinyvit/zoo).") Path zoo;

    @Option(names = "--no-install", description = "Only write the checkpoints; do not install them into the zoo.") boolean noInstall;

    @Mixin JsonOption output;

    @Mixin DeviceOption device;

    @Mixin TrainOptions trainOptions;

    @Mixin DataOptions dataOptions;

    @Mixin FamilyWorkerOptions familyWorkers;

    @Override
    public Integer call() {
        Device where = device.device();
        StoreManifest store = StoreManifest.read(logits);
        int samples = trainOptions.trainSamples != null ? trainOptions.trainSamples : store.sampleCount();
        DataSource source = dataOptions.source(samples);
        DataSplits data = dataOptions.load(samples);
        Optional<Path> installInto = noInstall ? Optional.empty() : Optional.of(zoo != null ? zoo : ZooFolder.defaultLocation());
        FamilyTraining.Result result = FamilyTraining.run(new FamilyTraining.Settings(familyFile, logits, data,
                trainOptions.replaying(store, TrainingCommandOptions.DEFAULT_EPOCHS), Optional.ofNullable(prefix), out, installInto, where,
                familyWorkers.workers(FamilyFile.read(familyFile).size(), source, where)));
        if (output.json) {
            System.out.println(Json.compact(result.json()));
        } else {
            printTable(result);
            result.curves().ifPresent(png -> System.out.println("validation curves: " + png));
        }
        return 0;
    }

    /** The members, one line each: cost, proxy and test accuracy. */
    static void printTable(FamilyTraining.Result result) {
        System.out.printf(Locale.ROOT, "%-28s %6s %10s %8s %9s %9s%n", "model", "budget", "params", "GMACs", "proxy acc", "test acc");
        for (FamilyTraining.Member m : result.members()) {
            System.out.printf(Locale.ROOT, "%-28s %6s %10d %8.3f %9s %9.4f%n", m.name(), m.budget(), m.deployParams(), m.deployMacs() / 1e9,
                    SearchCommand.measured(m.proxyAccuracy()), m.metrics().testAccuracy());
        }
    }
}
