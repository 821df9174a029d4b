package org.tinyvit.pipeline;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.RunMetrics;
import org.tinyvit.distill.Target;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.distill.TrainingRun;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.io.AtomicFiles;
import org.tinyvit.io.Json;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.search.FamilyFile;
import org.tinyvit.zoo.Preprocessing;
import org.tinyvit.zoo.ZooEntry;
import org.tinyvit.zoo.ZooFolder;
import org.tinyvit.zoo.ZooItem;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Trains each model a search chose for longer on the same logit store, one checkpoint folder
 * per model ({@code <prefix>-<budget>}, with its test accuracy), writes {@code trained.json}
 * and the members' {@link TrainingCurves} ({@code curves.png}), and installs the models into a
 * zoo. A model whose run already finished is reused.
 *
 * <pre>{@code
 * var settings = FamilyTraining.Settings.of(Path.of("runs/search/family.json"), store, data, config, Path.of("runs/family"));
 * FamilyTraining.Result result = FamilyTraining.run(settings.installingInto(ZooFolder.defaultLocation()));
 * }</pre>
 */
public final class FamilyTraining {
    public static final String RESULT_FILE = "trained.json";
    public static final int FORMAT_VERSION = 1;

    private FamilyTraining() {}

    /**
     * @param config how each model trains; its augmentation is always the store's, which the records replay
     * @param prefix model names are {@code <prefix>-<budget>}; empty for {@code <space>-<dataset>}
     * @param zoo the zoo folder the models are installed into; empty to only write checkpoints
     * @param device where the models train (in this process)
     * @param workers worker processes that train the members side by side; empty to train them one after the other in this process
     */
    public record Settings(Path familyFile, Path store, DataSplits data, TrainConfig config, Optional<String> prefix, Path out,
            Optional<Path> zoo, Device device, Optional<FamilyWorkers.Settings> workers) {
        public static Settings of(Path familyFile, Path store, DataSplits data, TrainConfig config, Path out) {
            return new Settings(familyFile, store, data, config, Optional.empty(), out, Optional.empty(), Engine.getInstance().defaultDevice(),
                    Optional.empty());
        }

        public Settings installingInto(Path zooFolder) {
            return new Settings(familyFile, store, data, config, prefix, out, Optional.of(zooFolder), device, workers);
        }

        public Settings named(String namePrefix) {
            return new Settings(familyFile, store, data, config, Optional.of(namePrefix), out, zoo, device, workers);
        }

        public Settings on(Device where) {
            return new Settings(familyFile, store, data, config, prefix, out, zoo, where, workers);
        }

        /** The members train side by side in worker processes (each loads {@code pool}'s data source, which must be {@code data}'s). */
        public Settings withWorkers(FamilyWorkers.Settings pool) {
            return new Settings(familyFile, store, data, config, prefix, out, zoo, device, Optional.of(pool));
        }
    }

    /** One trained member: where it is, what it costs, how it scored, where it was installed. */
    public record Member(String name, String budget, Path checkpoint, long params, long deployParams, long deployMacs,
            double proxyAccuracy, RunMetrics metrics, Optional<Path> installed, boolean reused) {}

    /** The trained members in the family's order, the content of {@code trained.json}, and where it and the members' curves are. */
    public record Result(List<Member> members, ObjectNode json, Path file, Optional<Path> curves) {}

    public static Result run(Settings s) {
        List<FamilyFile.Member> members = FamilyFile.read(s.familyFile());
        String prefix = prefix(s);
        Set<Integer> byWorkers = new HashSet<>();
        s.workers().ifPresent(pool -> {
            List<FamilyWorkers.Job> jobs = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                FamilyFile.Member m = members.get(i);
                if (TrainingRun.reusable(memberRun(s, prefix, m)).isEmpty()) {
                    jobs.add(new FamilyWorkers.Job(i, name(prefix, m), m.macs()));
                    byWorkers.add(i);
                }
            }
            if (!jobs.isEmpty()) {
                FamilyWorkers.train(s, prefix, jobs, pool); // each member's checkpoint is then checked and installed below
            }
        });
        List<Member> trained = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            trained.add(trainMember(s, prefix, members, i, byWorkers.contains(i)));
        }
        ObjectNode json = toJson(s.familyFile(), trained);
        Path file = s.out().resolve(RESULT_FILE);
        AtomicFiles.writeString(file, Json.pretty(json) + "\n");
        Optional<Path> curves = TrainingCurves.write(s.out().resolve(TrainingCurves.FILE), curves(trained));
        return new Result(trained, json, file, curves);
    }

    /** Each member's training as a line of {@link TrainingCurves}, named by its budget. */
    static List<TrainingCurves.Run> curves(List<Member> members) {
        return members.stream().map(m -> new TrainingCurves.Run(m.budget() + " member", m.metrics())).toList();
    }

    /**
     * Trains member {@code index} of the family's {@code members} in this process, or reuses its
     * finished run ({@code byWorker}: one a worker has just trained), and installs it when {@code s}
     * has a zoo.
     */
    static Member trainMember(Settings s, String prefix, List<FamilyFile.Member> members, int index, boolean byWorker) {
        FamilyFile.Member m = members.get(index);
        String name = name(prefix, m);
        Path dir = memberDir(s, prefix, m);
        TrainingRun.Settings settings = memberRun(s, prefix, m);
        boolean done = byWorker || TrainingRun.reusable(settings).isPresent(); // a run of other settings is said once, here
        if (byWorker) {
            System.err.printf(Locale.ROOT, "tinyvit train-family %d/%d: %s trained by its worker in %s%n", index + 1, members.size(), name, dir);
        } else if (done) {
            System.err.printf(Locale.ROOT, "tinyvit train-family %d/%d: %s already trained in %s, reused%n", index + 1, members.size(), name, dir);
        } else {
            System.err.printf(Locale.ROOT, "tinyvit train-family %d/%d: %s (budget %s, %.2fM params at 224 px)%n", index + 1, members.size(),
                    name, m.budget(), m.params() / 1e6);
        }
        TrainingRun.Result run = TrainingRun.run(done ? settings.reusingFinished() : settings);
        StudentSpec spec = settings.spec();
        Optional<Path> installed = s.zoo().map(zoo -> install(zoo, name, m, spec, run.metrics(), dir, s));
        return new Member(name, m.budget(), dir, Families.params(spec), m.params(), m.macs(), m.proxyAccuracy(), run.metrics(), installed,
                run.reused());
    }

    /** A member's run: its model at the store's resolution, distilled from the store with the store's augmentation, into its folder. */
    private static TrainingRun.Settings memberRun(Settings s, String prefix, FamilyFile.Member m) {
        StoreManifest store = StoreManifest.read(s.store());
        StudentSpec spec = TrainingRun.fitToData(m.spec(), s.data(), store.imgSize());
        TrainConfig replaying = s.config().withAugmentation(store.augmentation());
        return TrainingRun.Settings.of(spec, s.data(), replaying, Target.sparseKd(s.store()), memberDir(s, prefix, m))
                .withInfo(info(name(prefix, m), m, s.store())).on(s.device());
    }

    private static String prefix(Settings s) {
        return s.prefix().orElseGet(() -> defaultPrefix(s.familyFile(), s.data()));
    }

    private static String name(String prefix, FamilyFile.Member m) {
        return prefix + "-" + m.budget().toLowerCase(Locale.ROOT);
    }

    private static Path memberDir(Settings s, String prefix, FamilyFile.Member m) {
        return s.out().resolve(name(prefix, m));
    }

    private static ObjectNode info(String name, FamilyFile.Member m, Path store) {
        return Json.object("name", name, "budget", m.budget(), "deployParams", m.params(), "deployMacs", m.macs(),
                "proxyAccuracy", m.proxyAccuracy(), "logits", store.toAbsolutePath().toString());
    }

    private static Path install(Path zoo, String name, FamilyFile.Member m, StudentSpec spec, RunMetrics metrics, Path checkpoint, Settings s) {
        DataSplits data = s.data();
        ObjectNode source = Json.object("familyFile", s.familyFile().toAbsolutePath().toString(), "budget", m.budget(),
                "proxyAccuracy", m.proxyAccuracy(), "valAccuracy", metrics.valAccuracy());
        ZooEntry entry = new ZooEntry(name, "searched " + m.budget() + " model trained on " + data.train().name() + " (sparse-kd, "
                + s.config().epochs() + " epochs)", spec, Preprocessing.ofTraining(spec.imgSize(), data.mean(), data.std()),
                data.train().classes(), metrics.testAccuracy(), source);
        Optional<ZooItem> replaced = ZooFolder.replacedBy(zoo, name, checkpoint);
        Path installed = ZooFolder.install(zoo, entry, checkpoint);
        System.err.println("tinyvit train-family: installed " + name + " into " + installed.getParent() + replaced.map(FamilyTraining::replacing)
                .orElse(""));
        return installed;
    }

    /** What an install says of the model it replaced: a user's earlier job of the same names is overwritten, never silently. */
    private static String replacing(ZooItem old) {
        Double test = old.entry().testAccuracy();
        return String.format(Locale.ROOT, ", replacing the model of that name trained before (test accuracy %s, family %s)",
                test == null ? "not measured" : String.format(Locale.ROOT, "%.4f", test), old.entry().source().path("familyFile").asString("unknown"));
    }

    private static ObjectNode toJson(Path familyFile, List<Member> members) {
        ObjectNode result = Json.object("formatVersion", FORMAT_VERSION, "family", familyFile.toAbsolutePath().toString());
        ArrayNode models = result.putArray("models");
        for (Member m : members) {
            ObjectNode model = models.addObject().put("name", m.name());
            m.installed().ifPresent(p -> model.put("zoo", p.toAbsolutePath().toString()));
            Json.with(model, "budget", m.budget(), "checkpoint", m.checkpoint().toAbsolutePath().toString(), "params", m.params(),
                    "deployParams", m.deployParams(), "deployMacs", m.deployMacs(), "proxyAccuracy", m.proxyAccuracy(),
                    "valAccuracy", m.metrics().valAccuracy(), "testAccuracy", m.metrics().testAccuracy());
        }
        return result;
    }

    /** {@code <space>-<dataset>} in lower case, e.g. {@code tinyvit-fashion-mnist}. */
    static String defaultPrefix(Path familyFile, DataSplits data) {
        String space;
        try {
            space = Json.parse(Files.readString(familyFile)).path("space").asString("student");
        } catch (IOException e) {
            space = "student";
        }
        return (space + "-" + data.train().name()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("-train(-.*)?$", "").replaceAll("-+$", "");
    }
}
