package org.tinyvit.search.fidelity;

import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSource;
import org.tinyvit.data.DataSplits;
import org.tinyvit.io.AtomicFiles;
import org.tinyvit.io.Json;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.search.Budget;
import org.tinyvit.search.Candidate;
import org.tinyvit.search.CandidateEvaluator;
import org.tinyvit.search.Journal;
import org.tinyvit.search.Fitness;
import org.tinyvit.search.JournalEntry;
import org.tinyvit.search.ProxyRun;
import org.tinyvit.search.ProxySettings;
import org.tinyvit.search.Ranks;
import org.tinyvit.search.Search;
import org.tinyvit.search.SearchModule;
import org.tinyvit.search.SearchSettings;
import org.tinyvit.search.BudgetConstraint;
import org.tinyvit.space.SearchSpace;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How well the search's short runs rank candidates, measured on your own data before a large
 * search: K candidates sampled across the budgets of a space are each scored by the proxy under
 * test and by a long run (at least ten times its steps, with the training recipe of a family
 * member), and the two rankings are compared by Kendall's τ and Spearman's ρ with bootstrap
 * intervals. The same short runs give a second proxy, their mean training loss (Ru et al.'s sum
 * of training losses, per step), and with successive halving a run on 1/η of the images gives
 * two more and the halving proxy itself; each is reported with the seconds it costs. Every pass
 * goes through the search's evaluation machinery, so it uses its backend (workers) and journals:
 * a killed calibration resumes with every finished run, and calibrations of other short runs
 * in the same folder reuse the long runs.
 *
 * <pre>{@code
 * ProxyFidelity.Result r = ProxyFidelity.run(ProxyFidelity.Settings.of(space, Budget.defaults(), 16, store, data, Path.of("runs/fidelity")));
 * System.out.println(r.kendallTau() + " " + r.tauInterval());
 * }</pre>
 */
public final class ProxyFidelity {
    public static final String FILE = "fidelity.json";
    public static final String PLOT = "fidelity.png";
    public static final int FORMAT_VERSION = 6; // 4: the no-training proxies (macs, params, macs+…), tauPerSecond null for them; 5: log-macs-2x-…; 6: long seeds
    private static final String LOG_MACS_LESS_LOSS = "log-macs-" + Fitness.LOSS_WEIGHT_BESIDE_LOG_MACS + "x-";
    public static final String ROLE = "fidelity";
    /** A long run has at least this many times the proxy's steps. */
    public static final int MIN_LONG_TO_PROXY_STEPS = 10;
    private static final int RESAMPLES = 2000;
    private static final double LEVEL = 0.95;

    private ProxyFidelity() {}

    /**
     * @param candidates how many candidates, spread evenly over the budgets
     * @param proxyRun, proxy the short run under test
     * @param longRun, longTraining the long run the short one should predict
     * @param halving successive halving's factor η, or 1 for none: with η &gt; 1 every candidate
     *     also gets a run on 1/η of the short run's images, and the halving proxy (those short
     *     scores, with the best ⌈K/η⌉ promoted to their full short run) is compared too
     * @param longSeeds how many long runs score each candidate, with the long training's seed and
     *     the seeds after it: its long score is their mean, and with two or more the report says how
     *     well the long runs of different seeds agree ({@link Result#longSeedTau})
     * @param source where {@code data} was loaded from, needed by worker processes (they load it
     *     themselves), as with {@link Search.Settings#withSource}
     */
    public record Settings(SearchSpace<?> space, List<Budget> budgets, int candidates, ProxyRun proxyRun, ProxySettings proxy,
            ProxyRun longRun, ProxySettings longTraining, Path store, DataSplits data, Path out, long seed, int halving, int longSeeds,
            Optional<DataSource> source) {
        public Settings {
            budgets = List.copyOf(budgets);
            if (longSeeds < 1) {
                throw new TinyVitException("each candidate needs at least 1 long run (--long-seeds), got " + longSeeds);
            }
            if (candidates < 3) {
                throw new TinyVitException("a rank correlation needs at least 3 candidates, got " + candidates);
            }
            if (proxy.valImages() < 1 || longTraining.valImages() < 1) {
                throw new TinyVitException("fidelity compares validation accuracies: it needs at least 1 validation image (--proxy-val), got "
                        + Math.min(proxy.valImages(), longTraining.valImages()));
            }
            if (halving < 1 || halving > proxyRun.samples()) {
                throw new TinyVitException("successive halving's factor must be 1 (none) to the short run's " + proxyRun.samples() + " images, got " + halving);
            }
            long proxySteps = steps(proxyRun, proxy);
            long longSteps = steps(longRun, longTraining);
            if (longSteps < MIN_LONG_TO_PROXY_STEPS * proxySteps) {
                throw new TinyVitException("a long run of " + longSteps + " steps is less than " + MIN_LONG_TO_PROXY_STEPS + " times the proxy's "
                        + proxySteps + "; give it more epochs or images");
            }
        }

        /** Settings without a data source: candidates can then only train in this process. */
        public Settings(SearchSpace<?> space, List<Budget> budgets, int candidates, ProxyRun proxyRun, ProxySettings proxy, ProxyRun longRun,
                ProxySettings longTraining, Path store, DataSplits data, Path out, long seed, int halving) {
            this(space, budgets, candidates, proxyRun, proxy, longRun, longTraining, store, data, out, seed, halving, 1, Optional.empty());
        }

        /** The same settings, with {@code data} known to come from {@code source}: needed by worker processes. */
        public Settings withSource(DataSource source) {
            return new Settings(space, budgets, candidates, proxyRun, proxy, longRun, longTraining, store, data, out, seed, halving, longSeeds,
                    Optional.of(source));
        }

        /** The same settings with {@code n} long runs per candidate, of consecutive seeds. */
        public Settings withLongSeeds(int n) {
            return new Settings(space, budgets, candidates, proxyRun, proxy, longRun, longTraining, store, data, out, seed, halving, n, source);
        }

        /** The long training of the {@code k}-th long run of each candidate (from 0): its seed is the long training's plus k. */
        ProxySettings longTraining(int k) {
            return new ProxySettings(longTraining.batch(), longTraining.lr(), longTraining.seed() + k, longTraining.valImages());
        }

        /** The search's default short run ({@link ProxyRun#defaults}, batch 32) against 3 epochs of all training images at batch 128, lr 1e-3. */
        public static Settings of(SearchSpace<?> space, List<Budget> budgets, int candidates, Path store, DataSplits data, Path out) {
            return new Settings(space, budgets, candidates, ProxyRun.defaults(), ProxySettings.defaults(SearchSettings.DEFAULT_SEED),
                    new ProxyRun(data.train().size(), 3), new ProxySettings(128, 1e-3f, SearchSettings.DEFAULT_SEED, ProxySettings.DEFAULT_VAL_IMAGES),
                    store, data, out, SearchSettings.DEFAULT_SEED, 1);
        }

        /** The rung of successive halving: the short run on 1/η of its images. */
        ProxyRun halvingRun() {
            return proxyRun.rung(halving);
        }

        private static long steps(ProxyRun run, ProxySettings settings) {
            return (long) run.epochs() * ((run.samples() + settings.batch() - 1) / settings.batch());
        }
    }

    /**
     * One candidate's scores (validation accuracy, and the short run's mean training loss) and
     * what each run cost; the {@code halving…} fields are NaN without successive halving.
     *
     * @param longRun the mean of {@code longBySeed}, the long runs' validation accuracies in the order of their seeds
     * @param longSeconds the seconds of all its long runs
     */
    public record Pair(String key, String budget, long params, long macs, double proxy, double proxyLoss, double longRun, double proxySeconds,
            double longSeconds, double halvingProxy, double halvingLoss, double halvingSeconds, List<Double> longBySeed) {
        public Pair {
            longBySeed = List.copyOf(longBySeed);
        }
    }

    /**
     * How well one proxy ranks the candidates like the long runs, and what it cost: the wall
     * seconds of the short runs it needs.
     *
     * @param name {@code val-accuracy}, {@code train-loss} (lower is better), their
     *     {@code rung-…} versions on 1/η of the images, {@code halving}; and, for comparison,
     *     {@code macs} and {@code params} (no training: 0 seconds) and {@code macs+train-loss},
     *     {@code macs+rung-train-loss} ({@link Fitness#macsAndLoss}); {@code log-macs-2x-train-loss} and
     *     {@code log-macs-2x-rung-train-loss} ({@link Fitness#logMacsLessLoss}), the first of them the search's default
     * @param scores each pair's score under this proxy, in the pairs' order: higher ranks higher
     *     (a loss enters negated)
     */
    public record Correlation(String name, double kendallTau, RankCorrelation.Interval tauInterval, double spearmanRho,
            RankCorrelation.Interval rhoInterval, double seconds, List<Double> scores) {
        public Correlation {
            scores = List.copyOf(scores);
        }
    }

    /**
     * @param kendallTau, tauInterval, spearmanRho, rhoInterval those of the search's default fitness,
     *     ln(MACs) − 2 · the short run's mean training loss (its validation accuracy when a run has no loss)
     * @param correlations every proxy compared, the search's fitness first
     * @param longValImages the validation images that scored each long run
     * @param tauCeiling the τ a perfect proxy would reach on average against long runs scored on
     *     that many images ({@link RankCorrelation#kendallTauCeiling}): when a proxy's τ is near it,
     *     the long runs' measurement, not the proxy, is the limit, and more validation images
     *     ({@code --long-val}) are what would show a better proxy. It models only the validation
     *     images' sampling, not the seed: with several long seeds it is computed from their means
     *     on the same images, and {@code longSeedTau} measures the rest
     * @param longSeedTau with two or more long seeds, the mean Kendall τ between the long scores of
     *     every two seeds: how well a long run of one seed ranks the candidates like one of another
     *     (NaN with one seed)
     */
    public record Result(List<Pair> pairs, double kendallTau, RankCorrelation.Interval tauInterval, double spearmanRho,
            RankCorrelation.Interval rhoInterval, List<Correlation> correlations, double proxySeconds, double longSeconds, int longValImages,
            double tauCeiling, double longSeedTau, ObjectNode json, Path file, Path plot) {}

    public static Result run(Settings s, Module... overrides) {
        List<Candidate> sampled = sample(s);
        System.err.printf(Locale.ROOT, "tinyvit fidelity: %d candidates over %s; short runs of %d images x %d epochs%s, long runs of %d x %d%s%n",
                sampled.size(), s.budgets(), s.proxyRun().samples(), s.proxyRun().epochs(),
                s.halving() > 1 ? " (halving rung: " + s.halvingRun().samples() + " images)" : "", s.longRun().samples(), s.longRun().epochs(),
                s.longSeeds() > 1 ? " at " + s.longSeeds() + " seeds" : "");
        List<JournalEntry> rung = s.halving() > 1 ? evaluate(s, s.proxy(), passDir(s, "rung", s.halvingRun(), s.proxy()),
                with(sampled, s.halvingRun()), overrides) : null;
        List<JournalEntry> proxy = evaluate(s, s.proxy(), passDir(s, "proxy", s.proxyRun(), s.proxy()), with(sampled, s.proxyRun()), overrides);
        List<List<JournalEntry>> longPasses = new ArrayList<>();
        for (int k = 0; k < s.longSeeds(); k++) {
            longPasses.add(evaluate(s, s.longTraining(k), passDir(s, "long", s.longRun(), s.longTraining(k)), with(sampled, s.longRun()), overrides));
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < sampled.size(); i++) {
            JournalEntry p = proxy.get(i);
            int candidate = i;
            List<JournalEntry> l = longPasses.stream().map(pass -> pass.get(candidate)).toList();
            JournalEntry r = rung != null ? rung.get(i) : null;
            if (p.ok() && l.stream().allMatch(JournalEntry::ok) && (r == null || r.ok())) {
                List<Double> longBySeed = l.stream().map(JournalEntry::fitness).toList();
                pairs.add(new Pair(p.key(), p.budget(), p.params(), p.macs(), p.fitness(), p.trainLoss(),
                        longBySeed.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), p.seconds(),
                        l.stream().mapToDouble(JournalEntry::seconds).sum(), r != null ? r.fitness() : Double.NaN, r != null ? r.trainLoss() : Double.NaN,
                        r != null ? r.seconds() : Double.NaN, longBySeed));
            }
        }
        if (pairs.size() < 3) {
            throw new TinyVitException("only " + pairs.size() + " of " + sampled.size() + " candidates have every run; see the journals in " + s.out());
        }
        List<Correlation> correlations = correlations(s, pairs);
        Correlation fitness = correlations.get(0);
        double proxySeconds = pairs.stream().mapToDouble(Pair::proxySeconds).sum();
        double longSeconds = pairs.stream().mapToDouble(Pair::longSeconds).sum();
        int longValImages = s.longTraining().valImagesIn(s.data());
        double tauCeiling = RankCorrelation.kendallTauCeiling(pairs.stream().mapToDouble(Pair::longRun).toArray(), longValImages, RESAMPLES, s.seed());
        double longSeedTau = longSeedTau(pairs, s.longSeeds());
        ObjectNode json = toJson(s, pairs, correlations, proxySeconds, longSeconds, longValImages, tauCeiling, longSeedTau);
        Path file = s.out().resolve(FILE);
        AtomicFiles.writeString(file, Json.pretty(json) + "\n");
        Path plot = s.out().resolve(PLOT);
        FidelityPlot.write(plot, pairs, fitness, best(correlations));
        return new Result(pairs, fitness.kendallTau(), fitness.tauInterval(), fitness.spearmanRho(), fitness.rhoInterval(), correlations,
                proxySeconds, longSeconds, longValImages, tauCeiling, longSeedTau, json, file, plot);
    }

    /** The mean Kendall τ between the long scores of every two of {@code seeds} seeds; NaN with one. */
    static double longSeedTau(List<Pair> pairs, int seeds) {
        double sum = 0;
        int count = 0;
        for (int a = 0; a < seeds; a++) {
            for (int b = a + 1; b < seeds; b++) {
                int first = a;
                int second = b;
                sum += RankCorrelation.kendallTau(pairs.stream().mapToDouble(p -> p.longBySeed().get(first)).toArray(),
                        pairs.stream().mapToDouble(p -> p.longBySeed().get(second)).toArray());
                count++;
            }
        }
        return count > 0 ? sum / count : Double.NaN;
    }

    /**
     * Every proxy the passes measured, against the long runs: the search's default fitness first
     * ({@code log-macs-2x-train-loss}; {@code val-accuracy} when a run has no loss, as in journals
     * before format 3).
     */
    static List<Correlation> correlations(Settings s, List<Pair> pairs) {
        List<Correlation> out = new ArrayList<>(everyCorrelation(s, pairs));
        String byDefault = SearchSettings.DEFAULT_FITNESS.label();
        out.stream().filter(c -> c.name().equals(byDefault)).findFirst().ifPresent(c -> {
            out.remove(c);
            out.add(0, c);
        });
        return List.copyOf(out);
    }

    private static List<Correlation> everyCorrelation(Settings s, List<Pair> pairs) {
        double[] y = pairs.stream().mapToDouble(Pair::longRun).toArray();
        double[] macs = pairs.stream().mapToDouble(Pair::macs).toArray();
        double proxySeconds = pairs.stream().mapToDouble(Pair::proxySeconds).sum();
        List<Correlation> out = new ArrayList<>();
        double[] loss = pairs.stream().mapToDouble(p -> -p.proxyLoss()).toArray();
        if (java.util.Arrays.stream(loss).allMatch(Double::isFinite)) {
            out.add(correlation(s, Fitness.TRAIN_LOSS.label(), loss, y, proxySeconds));
        }
        out.add(correlation(s, Fitness.VAL_ACCURACY.label(), pairs.stream().mapToDouble(Pair::proxy).toArray(), y, proxySeconds));
        if (s.halving() > 1) {
            double rungSeconds = pairs.stream().mapToDouble(Pair::halvingSeconds).sum();
            double[] rung = pairs.stream().mapToDouble(Pair::halvingProxy).toArray();
            out.add(correlation(s, "rung-val-accuracy", rung, y, rungSeconds));
            double[] rungLoss = pairs.stream().mapToDouble(p -> -p.halvingLoss()).toArray();
            boolean rungLossFinite = java.util.Arrays.stream(rungLoss).allMatch(Double::isFinite);
            if (rungLossFinite) {
                out.add(correlation(s, "rung-train-loss", rungLoss, y, rungSeconds));
            }
            if (rungLossFinite && java.util.Arrays.stream(loss).allMatch(Double::isFinite)) {
                // as `search --halving η` with the default fitness: the best ⌈n/η⌉ of the rung by it (ties keep the candidates'
                // order) are promoted to the full short run and rank above the rest (as ranks), by the same of that run
                Fitness fitness = SearchSettings.DEFAULT_FITNESS;
                double[] byRung = fitness.standingsOfOneLength(macs, rung, pairs.stream().mapToDouble(Pair::halvingLoss).toArray());
                double[] byFull = fitness.standingsOfOneLength(macs, pairs.stream().mapToDouble(Pair::proxy).toArray(),
                        pairs.stream().mapToDouble(Pair::proxyLoss).toArray());
                List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, pairs.size()).boxed().toList());
                order.sort(java.util.Comparator.comparingDouble(i -> -byRung[i]));
                List<Integer> promoted = order.subList(0, ProxyRun.promoted(pairs.size(), s.halving()));
                List<Integer> rest = order.subList(promoted.size(), order.size());
                double[] halving = new double[pairs.size()];
                double[] restRanks = Ranks.of(rest.stream().mapToDouble(i -> byRung[i]).toArray());
                double[] promotedRanks = Ranks.of(promoted.stream().mapToDouble(i -> byFull[i]).toArray());
                double seconds = rungSeconds;
                for (int k = 0; k < rest.size(); k++) {
                    halving[rest.get(k)] = restRanks[k];
                }
                for (int k = 0; k < promoted.size(); k++) {
                    halving[promoted.get(k)] = rest.size() + promotedRanks[k];
                    seconds += pairs.get(promoted.get(k)).proxySeconds();
                }
                out.add(correlation(s, "halving", halving, y, seconds));
                out.add(correlation(s, "macs+rung-train-loss", Fitness.macsAndLoss(macs, rungLoss), y, rungSeconds));
                out.add(correlation(s, LOG_MACS_LESS_LOSS + "rung-train-loss", logMacsLessLoss(macs, rungLoss), y, rungSeconds));
            }
        }
        // no training: the cost model alone; and the cost model with a short run's loss breaking its near-ties
        out.add(correlation(s, "macs", macs, y, 0));
        out.add(correlation(s, "params", pairs.stream().mapToDouble(Pair::params).toArray(), y, 0));
        if (java.util.Arrays.stream(loss).allMatch(Double::isFinite)) {
            out.add(correlation(s, "macs+train-loss", Fitness.macsAndLoss(macs, loss), y, proxySeconds));
            out.add(correlation(s, LOG_MACS_LESS_LOSS + "train-loss", logMacsLessLoss(macs, loss), y, proxySeconds));
        }
        return List.copyOf(out);
    }

    /** {@link Fitness#logMacsLessLoss} of each candidate ({@code negatedLoss} is −loss). */
    private static double[] logMacsLessLoss(double[] macs, double[] negatedLoss) {
        return Fitness.logMacsLessLoss(macs, java.util.Arrays.stream(negatedLoss).map(x -> -x).toArray());
    }

    private static Correlation correlation(Settings s, String name, double[] x, double[] y, double seconds) {
        return new Correlation(name, RankCorrelation.kendallTau(x, y), RankCorrelation.bootstrap(x, y, RankCorrelation::kendallTau, RESAMPLES, LEVEL,
                s.seed()), RankCorrelation.spearmanRho(x, y), RankCorrelation.bootstrap(x, y, RankCorrelation::spearmanRho, RESAMPLES, LEVEL, s.seed()),
                seconds, java.util.Arrays.stream(x).boxed().toList());
    }

    /** The proxy that ranked the candidates most like the long runs (the first of equals, never one of NaN τ unless all are). */
    static Correlation best(List<Correlation> correlations) {
        Correlation best = correlations.get(0);
        for (Correlation c : correlations) {
            if (!Double.isNaN(c.kendallTau()) && (Double.isNaN(best.kendallTau()) || c.kendallTau() > best.kendallTau())) {
                best = c;
            }
        }
        return best;
    }

    /**
     * A pass's journal folder, named by everything that shapes its runs, so that calibrations of
     * other short runs in the same {@code --out} reuse the long runs and never mix their own.
     */
    static Path passDir(Settings s, String pass, ProxyRun run, ProxySettings training) {
        return s.out().resolve(String.format(Locale.ROOT, "%s-%dx%d-batch%d-lr%s-seed%d-val%d", pass, run.samples(), run.epochs(), training.batch(),
                Float.toString(training.lr()), training.seed(), training.valImages()));
    }

    /**
     * K distinct candidates, spread evenly over the budgets: random points of the space repaired
     * into each budget. Each budget draws from its own stream, so a calibration with more
     * candidates keeps those of a smaller one (and reuses their runs).
     */
    static List<Candidate> sample(Settings s) {
        SplittableRandom root = new SplittableRandom(s.seed());
        Map<String, Candidate> chosen = new LinkedHashMap<>();
        for (int b = 0; b < s.budgets().size(); b++) {
            SplittableRandom random = root.split();
            Budget budget = s.budgets().get(b);
            int want = s.candidates() / s.budgets().size() + (b < s.candidates() % s.budgets().size() ? 1 : 0);
            int found = 0;
            for (int attempt = 0; attempt < 200 * want && found < want; attempt++) {
                int[] point = s.space().knobs().stream().mapToInt(k -> random.nextInt(k.size())).toArray();
                StudentSpec spec = BudgetConstraint.repair(s.space(), budget, point).flatMap(s.space()::spec).orElse(null);
                if (spec != null) {
                    Candidate c = new Candidate(ROLE, budget.label(), spec, s.proxyRun());
                    if (chosen.putIfAbsent(c.key(), c) == null) {
                        found++;
                    }
                }
            }
            if (found < want) {
                throw new TinyVitException("found only " + found + " distinct models of " + s.space().name() + " within budget " + budget + ", wanted " + want);
            }
        }
        return List.copyOf(chosen.values());
    }

    private static List<Candidate> with(List<Candidate> candidates, ProxyRun run) {
        return candidates.stream().map(c -> new Candidate(c.role(), c.budget(), c.spec(), run)).toList();
    }

    /** One pass through the search's evaluation machinery, its journal in {@code dir} (resumed when there). */
    private static List<JournalEntry> evaluate(Settings s, ProxySettings training, Path dir, List<Candidate> candidates, Module... overrides) {
        Search.Settings local = new Search.Settings(s.space(), s.budgets(), SearchSettings.defaults(), training, s.store(), s.data(), dir, true);
        Search.Settings pass = s.source().map(local::withSource).orElse(local);
        var injector = Guice.createInjector(Modules.override(new SearchModule(pass)).with(overrides));
        try (Journal journal = injector.getInstance(Journal.class); CandidateEvaluator evaluator = injector.getInstance(CandidateEvaluator.class)) {
            evaluator.started(candidates.size());
            List<JournalEntry> entries = evaluator.evaluateAll(candidates);
            evaluator.finished();
            return entries;
        }
    }

    private static ObjectNode toJson(Settings s, List<Pair> pairs, List<Correlation> correlations, double proxySeconds, double longSeconds,
            int longValImages, double tauCeiling, double longSeedTau) {
        Correlation fitness = correlations.get(0);
        ObjectNode root = Json.object("formatVersion", FORMAT_VERSION, "space", s.space().name(), "candidates", pairs.size(),
                "kendallTau", fitness.kendallTau(), "kendallTauInterval", interval(fitness.tauInterval()), "spearmanRho", fitness.spearmanRho(),
                "spearmanRhoInterval", interval(fitness.rhoInterval()),
                "proxy", Json.object("samples", s.proxyRun().samples(), "epochs", s.proxyRun().epochs(), "batch", s.proxy().batch(),
                        "lr", s.proxy().lr(), "seconds", proxySeconds, "halving", s.halving()),
                "long", Json.object("samples", s.longRun().samples(), "epochs", s.longRun().epochs(), "batch", s.longTraining().batch(),
                        "lr", s.longTraining().lr(), "seconds", longSeconds, "seeds", s.longSeeds()),
                "tauPerProxySecond", fitness.kendallTau() / Math.max(proxySeconds, 1e-9), "longValImages", longValImages, "tauCeiling", tauCeiling,
                "longSeedTau", longSeedTau);
        ArrayNode proxies = root.putArray("proxies");
        for (Correlation c : correlations) {
            proxies.add(Json.object("name", c.name(), "kendallTau", c.kendallTau(), "kendallTauInterval", interval(c.tauInterval()),
                    "spearmanRho", c.spearmanRho(), "spearmanRhoInterval", interval(c.rhoInterval()), "seconds", c.seconds(),
                    "tauPerSecond", c.seconds() > 0 ? c.kendallTau() / c.seconds() : null));
        }
        ArrayNode list = root.putArray("pairs");
        for (Pair p : pairs) {
            ObjectNode pair = Json.object("key", p.key(), "budget", p.budget(), "params", p.params(), "macs", p.macs(), "proxy", p.proxy(),
                    "proxyLoss", p.proxyLoss(), "long", p.longRun(), "proxySeconds", p.proxySeconds(), "longSeconds", p.longSeconds());
            if (s.longSeeds() > 1) {
                ArrayNode bySeed = pair.putArray("longBySeed");
                p.longBySeed().forEach(bySeed::add);
            }
            if (s.halving() > 1) {
                pair.setAll(Json.object("rungProxy", p.halvingProxy(), "rungLoss", p.halvingLoss(), "rungSeconds", p.halvingSeconds()));
            }
            list.add(pair);
        }
        return root;
    }

    private static ObjectNode interval(RankCorrelation.Interval ci) {
        return Json.object("low", ci.low(), "high", ci.high(), "level", ci.level());
    }
}
