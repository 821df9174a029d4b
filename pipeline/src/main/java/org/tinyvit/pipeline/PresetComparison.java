package org.tinyvit.pipeline;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.tinyvit.Progress;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.Target;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.distill.TrainingRun;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.io.AtomicFiles;
import org.tinyvit.io.Json;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.search.Charts;
import org.tinyvit.search.FamilyFile;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Does the search find better models than the hand-designed ones? Each budget's searched model
 * and the budget's preset train with the same recipe on the same logit store, once per seed;
 * per budget come the mean and spread of their test accuracy and the ratio of their MACs. Every
 * run is a checkpoint folder of its own ({@code <budget>-searched-s<seed>},
 * {@code <budget>-<preset>-s<seed>}) and a finished one is reused, so a killed comparison goes
 * on where it stopped. Writes {@code comparison.json} and {@code comparison.png}.
 *
 * <pre>{@code
 * var r = PresetComparison.run(PresetComparison.Settings.of(Path.of("runs/pipeline/search/family.json"), store, data,
 *         TrainConfig.defaults(1), List.of(1L, 2L, 3L), Path.of("runs/presets")));
 * r.budgets().forEach(b -> System.out.println(b.budget() + " " + b.searched().mean() + " vs " + b.preset().mean()));
 * }</pre>
 */
public final class PresetComparison {
    public static final String FILE = "comparison.json";
    public static final String PLOT = "comparison.png";
    public static final int FORMAT_VERSION = 1;
    public static final String SEARCHED = "searched";

    private PresetComparison() {}

    /**
     * @param config the recipe every run trains with (its seed is replaced by each of {@code seeds};
     *     its augmentation is always the store's, which the records replay)
     * @param budgets the budgets compared, as {@code family.json} names them (case aside); empty for every budget that has a preset
     */
    public record Settings(Path familyFile, Path store, DataSplits data, TrainConfig config, List<Long> seeds, List<String> budgets, Path out,
            Device device) {
        public Settings {
            seeds = List.copyOf(seeds);
            budgets = List.copyOf(budgets);
            if (seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
                throw new TinyVitException("the comparison needs one or more distinct seeds, got " + seeds);
            }
        }

        /** Every budget that has a preset, on the engine's default device. */
        public static Settings of(Path familyFile, Path store, DataSplits data, TrainConfig config, List<Long> seeds, Path out) {
            return new Settings(familyFile, store, data, config, seeds, List.of(), out, Engine.getInstance().defaultDevice());
        }

        public Settings on(Device where) {
            return new Settings(familyFile, store, data, config, seeds, budgets, out, where);
        }

        /** Only these budgets (empty: all). */
        public Settings onlyBudgets(List<String> names) {
            return new Settings(familyFile, store, data, config, seeds, names, out, device);
        }
    }

    /** One training run: a budget's searched model ({@code model} is {@value #SEARCHED}) or its preset, at one seed. */
    public record Run(String budget, String model, long seed, long deployParams, long deployMacs, double valAccuracy, double testAccuracy,
            double seconds, Path checkpoint, boolean reused) {
        public boolean searched() {
            return SEARCHED.equals(model);
        }
    }

    /** Test accuracies over the seeds: count, mean, sample standard deviation (0 for one), least and most. */
    public record Spread(int n, double mean, double sd, double min, double max) {
        static Spread of(List<Double> values) {
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            return new Spread(values.size(), mean, values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : 0,
                    values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        }
    }

    /**
     * One budget's verdict.
     *
     * @param macsRatio the searched model's MACs over the preset's, both at deployment (224 px)
     * @param difference the searched model's mean test accuracy minus the preset's
     */
    public record Budget(String budget, String preset, long searchedMacs, long presetMacs, double macsRatio, Spread searched, Spread presetRuns,
            double difference) {}

    public record Result(List<Budget> budgets, List<Run> runs, ObjectNode json, Path file, Path plot) {}

    public static Result run(Settings s) {
        List<FamilyFile.Member> members = compared(s);
        StoreManifest store = StoreManifest.read(s.store());
        TrainConfig replaying = s.config().withAugmentation(store.augmentation());
        int total = members.size() * 2 * s.seeds().size();
        List<Run> runs = new ArrayList<>();
        long start = System.nanoTime();
        double trainedSeconds = 0;
        int trained = 0;
        for (long seed : s.seeds()) {
            for (FamilyFile.Member m : members) {
                FamilyFile.Preset preset = m.preset().orElseThrow();
                for (boolean searched : new boolean[] {true, false}) {
                    String model = searched ? SEARCHED : preset.name();
                    double eta = trained == 0 ? Double.NaN : trainedSeconds / trained * (total - runs.size());
                    System.err.printf(Locale.ROOT, "tinyvit presets %d/%d: budget %s, %s, seed %d (elapsed %s, eta %s)%n", runs.size() + 1, total,
                            m.budget(), model, seed, Progress.clock((System.nanoTime() - start) / 1e9), Progress.clock(eta));
                    StudentSpec spec = TrainingRun.fitToData(searched ? m.spec() : preset.spec(), s.data(), store.imgSize());
                    Run run = train(s, replaying.withSeed(seed), m.budget(), model, seed, spec,
                            searched ? m.params() : preset.params(), searched ? m.macs() : preset.macs());
                    if (!run.reused()) {
                        trainedSeconds += run.seconds();
                        trained++;
                    }
                    runs.add(run);
                }
            }
        }
        List<Budget> budgets = members.stream().map(m -> verdict(m, runs)).toList();
        ObjectNode json = toJson(s, budgets, runs);
        Path file = s.out().resolve(FILE);
        AtomicFiles.writeString(file, Json.pretty(json) + "\n");
        Path plot = s.out().resolve(PLOT);
        plot(plot, runs);
        return new Result(budgets, List.copyOf(runs), json, file, plot);
    }

    /** The members with a preset, of the budgets asked for; a budget asked for that has none is refused. */
    private static List<FamilyFile.Member> compared(Settings s) {
        List<FamilyFile.Member> withPreset = FamilyFile.read(s.familyFile()).stream().filter(m -> m.preset().isPresent()).toList();
        if (withPreset.isEmpty()) {
            throw new TinyVitException(s.familyFile() + ": no budget has a hand-designed preset to compare with");
        }
        List<String> known = withPreset.stream().map(FamilyFile.Member::budget).toList();
        for (String asked : s.budgets()) {
            if (known.stream().noneMatch(asked::equalsIgnoreCase)) {
                throw new TinyVitException(String.format(Locale.ROOT, "%s: no budget %s with a preset to compare (it has %s)", s.familyFile(), asked,
                        String.join(", ", known)));
            }
        }
        return s.budgets().isEmpty() ? withPreset
                : withPreset.stream().filter(m -> s.budgets().stream().anyMatch(m.budget()::equalsIgnoreCase)).toList();
    }

    private static Run train(Settings s, TrainConfig config, String budget, String model, long seed, StudentSpec spec, long params, long macs) {
        Path dir = s.out().resolve((budget + "-" + model + "-s" + seed).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-"));
        long t0 = System.nanoTime();
        TrainingRun.Result r = TrainingRun.run(TrainingRun.Settings.of(spec, s.data(), config,
                Target.sparseKd(s.store()), dir).withInfo(Json.object("budget", budget, "model", model, "seed", seed)).reusingFinished().on(s.device()));
        return new Run(budget, model, seed, params, macs, r.metrics().valAccuracy(), r.metrics().testAccuracy(), (System.nanoTime() - t0) / 1e9,
                dir, r.reused());
    }

    private static Budget verdict(FamilyFile.Member m, List<Run> runs) {
        FamilyFile.Preset preset = m.preset().orElseThrow();
        List<Run> mine = runs.stream().filter(r -> r.budget().equals(m.budget())).toList();
        Spread searched = Spread.of(mine.stream().filter(Run::searched).map(Run::testAccuracy).toList());
        Spread hand = Spread.of(mine.stream().filter(r -> !r.searched()).map(Run::testAccuracy).toList());
        return new Budget(m.budget(), preset.name(), m.macs(), preset.macs(), (double) m.macs() / preset.macs(), searched, hand,
                searched.mean() - hand.mean());
    }

    private static ObjectNode toJson(Settings s, List<Budget> budgets, List<Run> runs) {
        TrainConfig c = s.config();
        ObjectNode root = Json.object("formatVersion", FORMAT_VERSION, "family", s.familyFile().toAbsolutePath().toString(),
                "logits", s.store().toAbsolutePath().toString(), "trainSamples", s.data().train().size(),
                "recipe", Json.object("epochs", c.epochs(), "batch", c.batch(), "lr", c.lr(), "loss", "sparse-kd"));
        ArrayNode seeds = root.putArray("seeds");
        s.seeds().forEach(seeds::add);
        ArrayNode list = root.putArray("budgets");
        for (Budget b : budgets) {
            list.add(Json.object("budget", b.budget(), "preset", b.preset(), "searchedMacs", b.searchedMacs(), "presetMacs", b.presetMacs(),
                    "macsRatio", b.macsRatio(), "searched", spread(b.searched()), "presetRuns", spread(b.presetRuns()), "difference", b.difference()));
        }
        ArrayNode all = root.putArray("runs");
        for (Run r : runs) {
            all.add(Json.object("budget", r.budget(), "model", r.model(), "seed", r.seed(), "deployParams", r.deployParams(),
                    "deployMacs", r.deployMacs(), "valAccuracy", r.valAccuracy(), "testAccuracy", r.testAccuracy(),
                    "checkpoint", r.checkpoint().toAbsolutePath().toString()));
        }
        return root;
    }

    private static ObjectNode spread(Spread s) {
        return Json.object("n", s.n(), "mean", s.mean(), "sd", s.sd(), "min", s.min(), "max", s.max());
    }

    /** Test accuracy against MACs, every run a point: searched models and presets in two series. */
    private static void plot(Path file, List<Run> runs) {
        XYChart chart = Charts.scatter("Searched models vs presets: test accuracy per seed", "GMACs (224 px, 1000 classes)", "test accuracy",
                900, 600, 8);
        for (boolean searched : new boolean[] {true, false}) {
            List<Run> series = runs.stream().filter(r -> r.searched() == searched).toList();
            chart.addSeries(searched ? "searched" : "presets", series.stream().map(r -> r.deployMacs() / 1e9).toList(),
                    series.stream().map(Run::testAccuracy).toList()).setMarker(searched ? SeriesMarkers.DIAMOND : SeriesMarkers.SQUARE);
        }
        Charts.writePng(file, chart);
    }
}
