package org.tinyvit.search;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSource;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.io.Json;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.model.tinyvit.Presets;
import org.tinyvit.model.tinyvit.TinyVitFamily;
import org.tinyvit.space.SearchSpace;
import org.tinyvit.space.Student;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A whole architecture search: progressive contraction of a student space over budgets,
 * candidates scored by short runs on a logit store, written to an output folder as
 * {@code family.json}, {@code journal.jsonl} and {@code candidates.png}. The parts come from a
 * {@link SearchModule}; pass modules of your own to replace any of them.
 *
 * <pre>{@code
 * var settings = Search.Settings.of(SpaceReader.read(TinyVitSpace.class), Budget.defaults(), store, data, Path.of("runs/search"));
 * Search.Result result = Search.run(settings);
 * Search.Result custom = Search.run(settings, binder -> binder.bind(ProxyTrainer.class).toInstance(myProxy));
 * Search.Result pooled = Search.run(settings.withSource(source), new WorkerPoolModule(WorkerPoolBackend.Settings.of(4)));
 * }</pre>
 */
public final class Search {
    private Search() {}

    /**
     * @param store the logit store the default proxy trains on
     * @param data the data the store was made from
     * @param out the folder of the search's files
     * @param resume continue the journal in {@code out} instead of refusing an existing one
     * @param source where {@code data} was loaded from, for backends whose workers load it themselves
     *     (a worker process is told the source, not sent the images)
     * @param device where candidates train in this process (a worker pool gives each worker its own)
     */
    public record Settings(SearchSpace<?> space, List<Budget> budgets, SearchSettings search, ProxySettings proxy, Path store,
            DataSplits data, Path out, boolean resume, Optional<DataSource> source, Device device) {
        public Settings {
            budgets = List.copyOf(budgets);
            if (search.fitness() == Fitness.VAL_ACCURACY && proxy.valImages() == 0) {
                throw new TinyVitException("ranking by validation accuracy needs validation images: give --proxy-val N (N >= 1), or rank by"
                        + " --fitness train-loss");
            }
        }

        /** Settings without a data source: candidates can then only train in this process. */
        public Settings(SearchSpace<?> space, List<Budget> budgets, SearchSettings search, ProxySettings proxy, Path store, DataSplits data,
                Path out, boolean resume) {
            this(space, budgets, search, proxy, store, data, out, resume, Optional.empty(), Engine.getInstance().defaultDevice());
        }

        /** Default search and proxy settings (seed 1). */
        public static Settings of(SearchSpace<?> space, List<Budget> budgets, Path store, DataSplits data, Path out) {
            return new Settings(space, budgets, SearchSettings.defaults(), ProxySettings.defaults(SearchSettings.DEFAULT_SEED, SearchSettings.DEFAULT_FITNESS), store,
                    data, out, false);
        }

        public Settings resuming() {
            return new Settings(space, budgets, search, proxy, store, data, out, true, source, device);
        }

        /** The same settings, with {@code data} known to come from {@code source}: needed by a worker pool. */
        public Settings withSource(DataSource source) {
            return new Settings(space, budgets, search, proxy, store, data, out, resume, Optional.of(source), device);
        }

        /** The data source, for backends whose workers load the data themselves; refused when these settings lack it. */
        public DataSource workerSource() {
            return source.orElseThrow(() -> new TinyVitException(
                    "worker processes load the data themselves: the search settings need the data source its data came from (Search.Settings.withSource)"));
        }

        /** The same settings, training candidates of this process on {@code where}. */
        public Settings on(Device where) {
            return new Settings(space, budgets, search, proxy, store, data, out, resume, source, where);
        }

        /**
         * What a short run's score depends on besides the model and the run's length, as each
         * journal line records it ({@code trainedWith}): the runs' batch, rate, seed and
         * validation images, the training images, and the logit store's teacher, resolution and
         * augmentation. A journal is resumed only with the same (the ranking, generations and
         * device may change: they do not change a run).
         */
        public ObjectNode trainedWith() {
            ObjectNode with = Json.object("batch", proxy.batch(), "lr", proxy.lr(), "seed", proxy.seed(), "valImages", proxy.valImages(),
                    "dataset", data.train().name(), "trainSamples", data.train().size());
            if (StoreManifest.exists(store)) {
                StoreManifest m = StoreManifest.read(store);
                with.setAll(Json.object("teacher", m.teacherFingerprint(), "imgSize", m.imgSize(), "augmentation", m.augmentation().label(),
                        "topK", m.topK(), "storeSeed", m.seed()));
            }
            return with;
        }
    }

    /**
     * @param members the chosen model of each budget, in the budgets' order
     * @param family the content of {@code family.json}
     * @param trained evaluations trained by this run
     * @param reused evaluations answered from the journal
     * @param seconds the search's wall time, from its start (its workers' start-up included) to its family file
     */
    public record Result(List<ContractionSearch.Result> members, ObjectNode family, Path familyFile, Path journalFile, Path plotFile,
            int trained, int reused, double seconds) {}

    public static Result run(Settings s, Module... overrides) {
        Injector injector = Guice.createInjector(Modules.override(new SearchModule(s)).with(overrides));
        long start = System.nanoTime();
        try (Journal journal = injector.getInstance(Journal.class);
                CandidateEvaluator evaluator = injector.getInstance(CandidateEvaluator.class)) {
            int before = journal.entries().size();
            if (before > 0) {
                System.err.printf(Locale.ROOT, "tinyvit search: resuming with %d finished evaluations from %s%n", before, journal.file());
            }
            System.err.printf(Locale.ROOT, "tinyvit search: space %s (%.3g points), budgets %s; %d generations of %d, short runs of %d images x %d epochs"
                    + " ranked by %s%n", s.space().name(), s.space().size(), s.budgets(), s.search().generations(), s.search().population(),
                    s.search().proxy().samples(), s.search().proxy().epochs(), s.search().fitness());
            int resolution = resolution(s);
            List<String> held = inertKnobs(s, resolution);
            List<ContractionSearch.Result> members = contract(s.space().holding(held), s, evaluator);
            System.err.printf(Locale.ROOT, "tinyvit search: %d runs trained, %d answered from the journal%n", evaluator.trained(),
                    evaluator.reused());
            double seconds = (System.nanoTime() - start) / 1e9;
            ObjectNode family = FamilyFile.toJson(header(s, resolution, held, journal.entries().size(), seconds), members);
            Path familyFile = s.out().resolve(FamilyFile.FILE);
            FamilyFile.write(familyFile, family);
            Path plot = s.out().resolve(CandidatePlot.FILE);
            CandidatePlot.write(plot, journal.entries(), members, s.search().fitness());
            return new Result(members, family, familyFile, journal.file(), plot, evaluator.trained(), evaluator.reused(), seconds);
        }
    }

    private static <R extends Record & Student> List<ContractionSearch.Result> contract(SearchSpace<R> space, Settings s,
            CandidateEvaluator evaluator) {
        ContractionSearch<R> search = new ContractionSearch<>(space, evaluator, s.search());
        evaluator.started(search.expectedEvaluations(s.budgets().size()));
        boolean tinyVit = space.family().name().equals(TinyVitFamily.NAME);
        List<ContractionSearch.Result> results = search.run(s.budgets(), b -> tinyVit
                ? Presets.forBudget(b.label()).map(p -> new ContractionSearch.Preset(Presets.budgetPresetName(b.label()), p.withDropPath(0)))
                : Optional.empty());
        evaluator.finished();
        return results;
    }

    /**
     * The knobs that cannot change the model at the resolution candidates train at (the store's):
     * said once, then held at the seed's values rather than searched (at 28 px, TinyViT's windows of
     * 7 and 14 both cover the 4 × 4, 2 × 2 and 1 × 1 maps of stages 1 to 3).
     */
    private static List<String> inertKnobs(Settings s, int imgSize) {
        var train = s.data().train();
        List<String> held = s.space().inertAt(imgSize, train.channels(), train.classes().size()).stream()
                .map(k -> k.component()).toList();
        if (!held.isEmpty()) {
            System.err.printf(Locale.ROOT, "tinyvit search: at %d px %s cannot change the model; held at the seed's value%n", imgSize,
                    String.join(", ", held));
        }
        return held;
    }

    /**
     * The input size candidates train at: the logit store's (its teacher's), or the data's own when
     * there is no store to read (a user's proxy that replaces the distillation runs).
     */
    private static int resolution(Settings s) {
        return StoreManifest.exists(s.store()) ? StoreManifest.read(s.store()).imgSize() : s.data().train().height();
    }

    /** How {@code family.json} records what shaped a search's choices: its {@code settings} object. */
    private static ObjectNode settingsJson(SearchSettings search, ProxySettings proxy) {
        return Json.object("generations", search.generations(), "population", search.population(),
                "proxySamples", search.proxy().samples(), "proxyEpochs", search.proxy().epochs(), "proxyVal", proxy.valImages(),
                "halving", search.halving(), "pareto", search.pareto(), "batch", proxy.batch(), "lr", proxy.lr(),
                "fitness", search.fitness().label());
    }

    /**
     * What differs between the search a finished {@code family.json} records and one run with
     * {@code search} and {@code proxy}, one "name found, not asked" per setting (and the seed);
     * empty when it is the same search.
     */
    public static List<String> otherSettings(Path familyFile, SearchSettings search, ProxySettings proxy) {
        JsonNode root = FamilyFile.root(familyFile);
        ObjectNode asked = Json.object("seed", search.seed());
        asked.setAll(settingsJson(search, proxy));
        ObjectNode found = Json.object("seed", root.get("seed"));
        if (root.get("settings") instanceof ObjectNode recorded) {
            found.setAll(recorded);
        }
        JsonNode same = Json.parse(Json.compact(asked)); // numbers as a file holds them
        return Json.differences(found, same, same.propertyNames());
    }

    private static ObjectNode header(Settings s, int resolution, List<String> held, int evaluations, double seconds) {
        SearchSettings search = s.search();
        ObjectNode settings = settingsJson(search, s.proxy());
        ObjectNode data = Json.object("dataset", s.data().train().name(), "trainSamples", s.data().train().size(),
                "imgSize", s.data().train().height(), "logits", s.store().toAbsolutePath().toString());
        ObjectNode header = Json.object("space", s.space().name(), "spaceClass", s.space().type().getName(), "family", s.space().family().name(),
                "seed", search.seed(), "resolution", resolution, "settings", settings, "data", data, "evaluations", evaluations,
                "seconds", seconds);
        held.forEach(header.putArray("heldKnobs")::add);
        return header;
    }
}
