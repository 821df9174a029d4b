package org.tinyvit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.RunMetrics;
import org.tinyvit.distill.SparseKdObjective;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.io.Json;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.search.FamilyFile;
import org.tinyvit.zoo.Preprocessing;
import org.tinyvit.zoo.ZooEntry;
import org.tinyvit.zoo.ZooFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Distils each model a search chose for longer, on the same logit store, and writes one
 * checkpoint per model with its test accuracy, installed into the model zoo. A model whose run
 * already finished is reused.
 */
@Command(name = "train-family", description = "Train the models of a family.json longer (sparse-kd on the logit store) into zoo-ready checkpoints.")
final class TrainFamilyCommand implements Callable<Integer> {
    static final String RESULT_FILE = "trained.json";

    @Option(names = "--family", required = true, description = "family.json written by `tinyvit search`.")
    Path familyFile;

    @Option(names = "--logits", required = true, description = "Logit store folder (the one the search used).")
    Path logits;

    @Option(names = "--out", required = true, description = "Output folder: one checkpoint folder per model and " + RESULT_FILE + ".")
    Path out;

    @Option(names = "--prefix", description = "Model names are PREFIX-<budget> (default: <space>-<dataset>, e.g. tinyvit-fashion-mnist).")
    String prefix;

    @Option(names = "--zoo", description = "Zoo folder the trained models are installed into (default: -Dtinyvit.zoo, TINYVIT_ZOO, then ~/.tinyvit/zoo).")
    Path zoo;

    @Option(names = "--no-install", description = "Only write the checkpoints; do not install them into the zoo.")
    boolean noInstall;

    @Option(names = "--json", description = "Print the results as JSON on stdout.")
    boolean json;

    @Mixin
    TrainOptions trainOptions;

    @Mixin
    DataOptions dataOptions;

    @Override
    public Integer call() {
        List<FamilyFile.Member> members = FamilyFile.read(familyFile);
        StoreManifest manifest = StoreManifest.read(logits);
        DataSplits data = dataOptions.load(trainOptions.trainSamples != null ? trainOptions.trainSamples : manifest.sampleCount());
        String names = prefix != null ? prefix : defaultPrefix(familyFile, data);
        int epochs = trainOptions.epochs != null ? trainOptions.epochs : DistillCommand.DEFAULT_EPOCHS;
        ObjectNode result = Json.object();
        result.put("formatVersion", 1);
        result.put("family", familyFile.toAbsolutePath().toString());
        ArrayNode models = result.putArray("models");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            FamilyFile.Member m = members.get(i);
            String name = names + "-" + m.budget().toLowerCase(Locale.ROOT);
            Path dir = out.resolve(name);
            StudentSpec spec = m.spec().withInput(data.train().height(), data.train().channels(), data.train().classes().size());
            RunMetrics metrics = Specs.finishedRun(dir);
            if (metrics == null) {
                System.err.printf(Locale.ROOT, "tinyvit train-family %d/%d: %s (budget %s, %.2fM params at 224 px)%n", i + 1, members.size(), name,
                        m.budget(), m.params() / 1e6);
                TrainConfig config = trainOptions.config(epochs, data.train().height());
                try (SparseKdObjective objective = new SparseKdObjective(logits, data)) {
                    ObjectNode extra = Json.object();
                    extra.put("name", name);
                    extra.put("budget", m.budget());
                    extra.put("deployParams", m.params());
                    extra.put("deployMacs", m.macs());
                    extra.put("proxyAccuracy", m.proxyAccuracy());
                    extra.put("logits", logits.toAbsolutePath().toString());
                    metrics = Specs.train(spec, data, config, objective, dir, extra);
                }
            } else {
                System.err.printf(Locale.ROOT, "tinyvit train-family %d/%d: %s already trained in %s, reused%n", i + 1, members.size(), name, dir);
            }
            ObjectNode model = models.addObject();
            model.put("name", name);
            if (!noInstall) {
                ObjectNode source = Json.object();
                source.put("familyFile", familyFile.toAbsolutePath().toString());
                source.put("budget", m.budget());
                source.put("proxyAccuracy", m.proxyAccuracy());
                source.put("valAccuracy", metrics.valAccuracy());
                ZooEntry entry = new ZooEntry(name, "searched " + m.budget() + " model trained on " + data.train().name() + " (sparse-kd, "
                        + epochs + " epochs)", spec, Preprocessing.ofTraining(data.train().height(), data.mean(), data.std()),
                        data.train().classes(), metrics.testAccuracy(), source);
                Path installed = ZooFolder.install(zoo != null ? zoo : ZooFolder.defaultLocation(), entry, dir);
                model.put("zoo", installed.toAbsolutePath().toString());
                System.err.println("tinyvit train-family: installed " + name + " into " + installed.getParent());
            }
            model.put("budget", m.budget());
            model.put("checkpoint", dir.toAbsolutePath().toString());
            model.put("params", Families.params(spec));
            model.put("deployParams", m.params());
            model.put("deployMacs", m.macs());
            model.put("proxyAccuracy", m.proxyAccuracy());
            model.put("valAccuracy", metrics.valAccuracy());
            model.put("testAccuracy", metrics.testAccuracy());
            lines.add(String.format(Locale.ROOT, "%-28s %6s %10d %8.3f %9.4f %9.4f", name, m.budget(), m.params(), m.macs() / 1e9, m.proxyAccuracy(),
                    metrics.testAccuracy()));
        }
        org.tinyvit.io.AtomicFiles.writeString(out.resolve(RESULT_FILE), Json.pretty(result) + "\n");
        if (json) {
            System.out.println(Json.compact(result));
        } else {
            System.out.printf(Locale.ROOT, "%-28s %6s %10s %8s %9s %9s%n", "model", "budget", "params", "GMACs", "proxy acc", "test acc");
            lines.forEach(System.out::println);
        }
        return 0;
    }

    static String defaultPrefix(Path familyFile, DataSplits data) {
        String space;
        try {
            space = Json.parse(Files.readString(familyFile)).path("space").asString("student");
        } catch (java.io.IOException e) {
            space = "student";
        }
        return (space + "-" + data.train().name()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("-train(-.*)?$", "").replaceAll("-+$", "");
    }
}
