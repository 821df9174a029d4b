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
import java.util.SplittableRandom;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSplits;
import org.tinyvit.io.AtomicFiles;
import org.tinyvit.io.Json;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.search.Budget;
import org.tinyvit.search.Candidate;
import org.tinyvit.search.CandidateEvaluator;
import org.tinyvit.search.Journal;
import org.tinyvit.search.JournalEntry;
import org.tinyvit.search.ProxyRun;
import org.tinyvit.search.ProxySettings;
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
 * intervals. Both passes go through the search's evaluation machinery, so they use its backend
 * (workers) and journals: a killed calibration resumes with every finished run.
 *
 * <pre>{@code
 * ProxyFidelity.Result r = ProxyFidelity.run(ProxyFidelity.Settings.of(space, Budget.defaults(), 16, store, data, Path.of("runs/fidelity")));
 * System.out.println(r.kendallTau() + " " + r.tauInterval());
 * }</pre>
 */
public final class ProxyFidelity {
    public static final String FILE = "fidelity.json";
    public static final String PLOT = "fidelity.png";
    public static final int FORMAT_VERSION = 1;
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
     */
    public record Settings(SearchSpace<?> space, List<Budget> budgets, int candidates, ProxyRun proxyRun, ProxySettings proxy,
            ProxyRun longRun, ProxySettings longTraining, Path store, DataSplits data, Path out, long seed) {
        public Settings {
            budgets = List.copyOf(budgets);
            if (candidates < 3) {
                throw new TinyVitException("a rank correlation needs at least 3 candidates, got " + candidates);
            }
            long proxySteps = steps(proxyRun, proxy);
            long longSteps = steps(longRun, longTraining);
            if (longSteps < MIN_LONG_TO_PROXY_STEPS * proxySteps) {
                throw new TinyVitException("a long run of " + longSteps + " steps is less than " + MIN_LONG_TO_PROXY_STEPS + " times the proxy's "
                        + proxySteps + "; give it more epochs or images");
            }
        }

        /** The default proxy (1,500 images, batch 32) against 3 epochs of all training images at batch 128, lr 1e-3. */
        public static Settings of(SearchSpace<?> space, List<Budget> budgets, int candidates, Path store, DataSplits data, Path out) {
            return new Settings(space, budgets, candidates, ProxyRun.defaults(), ProxySettings.defaults(SearchSettings.DEFAULT_SEED),
                    new ProxyRun(data.train().size(), 3), new ProxySettings(128, 1e-3f, SearchSettings.DEFAULT_SEED, ProxySettings.DEFAULT_VAL_IMAGES),
                    store, data, out, SearchSettings.DEFAULT_SEED);
        }

        private static long steps(ProxyRun run, ProxySettings settings) {
            return (long) run.epochs() * ((run.samples() + settings.batch() - 1) / settings.batch());
        }
    }

    /** One candidate's two scores (validation accuracy) and what each cost. */
    public record Pair(String key, String budget, long params, long macs, double proxy, double longRun, double proxySeconds, double longSeconds) {}

    public record Result(List<Pair> pairs, double kendallTau, RankCorrelation.Interval tauInterval, double spearmanRho,
            RankCorrelation.Interval rhoInterval, double proxySeconds, double longSeconds, ObjectNode json, Path file, Path plot) {}

    public static Result run(Settings s, Module... overrides) {
        List<Candidate> sampled = sample(s);
        System.err.printf(Locale.ROOT, "tinyvit fidelity: %d candidates over %s; short runs of %d images x %d epochs, long runs of %d x %d%n",
                sampled.size(), s.budgets(), s.proxyRun().samples(), s.proxyRun().epochs(), s.longRun().samples(), s.longRun().epochs());
        List<JournalEntry> proxy = evaluate(s, s.proxy(), s.out().resolve("proxy"), with(sampled, s.proxyRun()), overrides);
        List<JournalEntry> longRuns = evaluate(s, s.longTraining(), s.out().resolve("long"), with(sampled, s.longRun()), overrides);
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < sampled.size(); i++) {
            JournalEntry p = proxy.get(i);
            JournalEntry l = longRuns.get(i);
            if (p.ok() && l.ok()) {
                pairs.add(new Pair(p.key(), p.budget(), p.params(), p.macs(), p.fitness(), l.fitness(), p.seconds(), l.seconds()));
            }
        }
        if (pairs.size() < 3) {
            throw new TinyVitException("only " + pairs.size() + " of " + sampled.size() + " candidates have both runs; see the journals in " + s.out());
        }
        double[] x = pairs.stream().mapToDouble(Pair::proxy).toArray();
        double[] y = pairs.stream().mapToDouble(Pair::longRun).toArray();
        double tau = RankCorrelation.kendallTau(x, y);
        double rho = RankCorrelation.spearmanRho(x, y);
        RankCorrelation.Interval tauCi = RankCorrelation.bootstrap(x, y, RankCorrelation::kendallTau, RESAMPLES, LEVEL, s.seed());
        RankCorrelation.Interval rhoCi = RankCorrelation.bootstrap(x, y, RankCorrelation::spearmanRho, RESAMPLES, LEVEL, s.seed());
        double proxySeconds = pairs.stream().mapToDouble(Pair::proxySeconds).sum();
        double longSeconds = pairs.stream().mapToDouble(Pair::longSeconds).sum();
        ObjectNode json = toJson(s, pairs, tau, tauCi, rho, rhoCi, proxySeconds, longSeconds);
        Path file = s.out().resolve(FILE);
        AtomicFiles.writeString(file, Json.pretty(json) + "\n");
        Path plot = s.out().resolve(PLOT);
        FidelityPlot.write(plot, pairs, tau, rho);
        return new Result(pairs, tau, tauCi, rho, rhoCi, proxySeconds, longSeconds, json, file, plot);
    }

    /** K distinct candidates, spread evenly over the budgets: random points of the space repaired into each budget. */
    static List<Candidate> sample(Settings s) {
        SplittableRandom random = new SplittableRandom(s.seed());
        Map<String, Candidate> chosen = new LinkedHashMap<>();
        for (int b = 0; b < s.budgets().size(); b++) {
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
        Search.Settings pass = new Search.Settings(s.space(), s.budgets(), SearchSettings.defaults(), training, s.store(), s.data(), dir, true);
        var injector = Guice.createInjector(Modules.override(new SearchModule(pass)).with(overrides));
        try (Journal journal = injector.getInstance(Journal.class); CandidateEvaluator evaluator = injector.getInstance(CandidateEvaluator.class)) {
            evaluator.started(candidates.size());
            List<JournalEntry> entries = evaluator.evaluateAll(candidates);
            evaluator.finished();
            return entries;
        }
    }

    private static ObjectNode toJson(Settings s, List<Pair> pairs, double tau, RankCorrelation.Interval tauCi, double rho,
            RankCorrelation.Interval rhoCi, double proxySeconds, double longSeconds) {
        ObjectNode root = Json.object("formatVersion", FORMAT_VERSION, "space", s.space().name(), "candidates", pairs.size(),
                "kendallTau", tau, "kendallTauInterval", interval(tauCi), "spearmanRho", rho, "spearmanRhoInterval", interval(rhoCi),
                "proxy", Json.object("samples", s.proxyRun().samples(), "epochs", s.proxyRun().epochs(), "batch", s.proxy().batch(),
                        "lr", s.proxy().lr(), "seconds", proxySeconds),
                "long", Json.object("samples", s.longRun().samples(), "epochs", s.longRun().epochs(), "batch", s.longTraining().batch(),
                        "lr", s.longTraining().lr(), "seconds", longSeconds),
                "tauPerProxyCpuSecond", tau / Math.max(proxySeconds, 1e-9));
        ArrayNode list = root.putArray("pairs");
        for (Pair p : pairs) {
            list.add(Json.object("key", p.key(), "budget", p.budget(), "params", p.params(), "macs", p.macs(), "proxy", p.proxy(),
                    "long", p.longRun(), "proxySeconds", p.proxySeconds(), "longSeconds", p.longSeconds()));
        }
        return root;
    }

    private static ObjectNode interval(RankCorrelation.Interval ci) {
        return Json.object("low", ci.low(), "high", ci.high(), "level", ci.level());
    }
}
