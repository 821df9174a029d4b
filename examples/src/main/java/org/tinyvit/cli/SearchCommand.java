package org.tinyvit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tinyvit.Progress;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.io.Json;
import org.tinyvit.model.tinyvit.Presets;
import org.tinyvit.model.tinyvit.TinyVitFamily;
import org.tinyvit.search.Budget;
import org.tinyvit.search.CandidateEvaluator;
import org.tinyvit.search.CandidatePlot;
import org.tinyvit.search.ContractionSearch;
import org.tinyvit.search.DistillationProxy;
import org.tinyvit.search.FamilyFile;
import org.tinyvit.search.Journal;
import org.tinyvit.search.JournalEntry;
import org.tinyvit.search.ProxyRun;
import org.tinyvit.search.SearchSettings;
import org.tinyvit.space.SearchSpace;
import org.tinyvit.space.SpaceReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/** The constrained architecture search: progressive contraction over budgets, scored on stored logits. */
@Command(name = "search", description = "Search a student space under parameter/MAC budgets (largest first), scoring candidates by short sparse-kd runs on a logit store.")
final class SearchCommand implements Callable<Integer> {
    static final String DEFAULT_SPACE = "org.tinyvit.space.TinyVitSpace";

    @Option(names = "--space", defaultValue = DEFAULT_SPACE, description = "Student space: a @StudentSpace record class on the class path (default ${DEFAULT-VALUE}).")
    String spaceClass;

    @Option(names = "--budgets", defaultValue = "21M,11M,5M", split = ",", description = "Parameter budgets, searched in this order (default ${DEFAULT-VALUE}).")
    List<String> budgets;

    @Option(names = "--macs", split = ",", description = "MAC budgets, one per parameter budget (default: the presets' 4.3G,2.0G,1.3G for 21M,11M,5M).")
    List<String> macs;

    @Option(names = "--generations", defaultValue = "3", description = "Generations per budget (default ${DEFAULT-VALUE}).")
    int generations;

    @Option(names = "--population", defaultValue = "6", description = "Population size (default ${DEFAULT-VALUE}).")
    int population;

    @Option(names = "--proxy-epochs", defaultValue = "1", description = "Epochs of a candidate's short run (default ${DEFAULT-VALUE}).")
    int proxyEpochs;

    @Option(names = "--proxy-samples", defaultValue = "1500", description = "Training images per epoch of a short run (default ${DEFAULT-VALUE}).")
    int proxySamples;

    @Option(names = "--proxy-val", defaultValue = "2000", description = "Validation images that score a candidate (default ${DEFAULT-VALUE}).")
    int proxyVal;

    @Option(names = "--halving", defaultValue = "0", description = "Successive halving with factor η (e.g. 3): all new candidates get a 1/η run, the best 1/η the full one; 0 for off (default).")
    int halving;

    @Option(names = "--pareto", description = "Two objectives (accuracy, MACs) with NSGA-II; family.json lists each budget's Pareto front.")
    boolean pareto;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the search and of every short run (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--logits", required = true, description = "Logit store folder (from `tinyvit logits`); the teacher never runs during search.")
    Path logits;

    @Option(names = "--train-samples", description = "Training images the store was made from (default: the store's own count).")
    Integer trainSamples;

    @Option(names = "--batch", defaultValue = "" + DistillationProxy.DEFAULT_BATCH, description = "Batch size of the short runs (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "" + DistillationProxy.DEFAULT_LR, description = "Peak learning rate of the short runs (default ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--resume", description = "Continue the search in --out: every finished evaluation in its journal is reused.")
    boolean resume;

    @Option(names = "--out", required = true, description = "Output folder: family.json, journal.jsonl, candidates.png.")
    Path out;

    @Option(names = "--json", description = "Print family.json on stdout.")
    boolean json;

    @Mixin
    DataOptions dataOptions;

    @Override
    public Integer call() {
        SearchSpace<?> space = SpaceReader.read(spaceClass);
        List<Budget> parsed = budgets(budgets, macs);
        SearchSettings settings = new SearchSettings(generations, population, new ProxyRun(proxySamples, proxyEpochs), halving, pareto, seed);
        StoreManifest manifest = StoreManifest.read(logits);
        DataSplits data = dataOptions.load(trainSamples != null ? trainSamples : manifest.sampleCount());
        DistillationProxy proxy = new DistillationProxy(data, logits, batch, lr, seed, proxyVal);
        long start = System.nanoTime();
        try (Journal journal = Journal.open(out, resume)) {
            int before = journal.entries().size();
            if (before > 0) {
                System.err.printf(Locale.ROOT, "tinyvit search: resuming with %d finished evaluations from %s%n", before, journal.file());
            }
            System.err.printf(Locale.ROOT, "tinyvit search: space %s (%.3g points), budgets %s; %d generations of %d, short runs of %d images x %d epochs%n",
                    space.name(), space.size(), parsed, generations, population, proxySamples, proxyEpochs);
            List<ContractionSearch.Result> results = run(space, settings, journal, proxy, parsed);
            ObjectNode header = Json.object();
            header.put("space", space.name());
            header.put("spaceClass", space.type().getName());
            header.put("family", space.family().name());
            header.put("seed", seed);
            ObjectNode s = header.putObject("settings");
            s.put("generations", generations);
            s.put("population", population);
            s.put("proxySamples", proxySamples);
            s.put("proxyEpochs", proxyEpochs);
            s.put("proxyVal", proxyVal);
            s.put("halving", halving);
            s.put("pareto", pareto);
            s.put("batch", batch);
            s.put("lr", lr);
            ObjectNode d = header.putObject("data");
            d.put("dataset", data.train().name());
            d.put("trainSamples", data.train().size());
            d.put("imgSize", data.train().height());
            d.put("logits", logits.toAbsolutePath().toString());
            header.put("evaluations", journal.entries().size());
            header.put("seconds", (System.nanoTime() - start) / 1e9);
            ObjectNode family = FamilyFile.toJson(header, results);
            FamilyFile.write(out.resolve(FamilyFile.FILE), family);
            CandidatePlot.write(out.resolve(CandidatePlot.FILE), journal.entries(), results);
            if (json) {
                System.out.println(Json.compact(family));
            } else {
                printTable(results);
                System.out.println("written: " + out.resolve(FamilyFile.FILE) + ", " + journal.file() + ", " + out.resolve(CandidatePlot.FILE));
            }
        }
        return 0;
    }

    private static <R extends Record & org.tinyvit.space.Student> List<ContractionSearch.Result> run(SearchSpace<R> space, SearchSettings settings,
            Journal journal, DistillationProxy proxy, List<Budget> budgets) {
        Progress[] progress = new Progress[1];
        CandidateEvaluator evaluator = new CandidateEvaluator(proxy, journal, e -> progress[0].advance(1, String.format(Locale.ROOT,
                "[%s] last: %s %.2fM params %.2fG MACs acc %s", e.budget(), e.role(), e.params() / 1e6, e.macs() / 1e9,
                e.ok() ? String.format(Locale.ROOT, "%.4f", e.fitness()) : "failed")));
        ContractionSearch<R> search = new ContractionSearch<>(space, evaluator, settings);
        progress[0] = new Progress("search", search.expectedEvaluations(budgets.size()));
        boolean tinyVit = space.family().name().equals(TinyVitFamily.NAME);
        List<ContractionSearch.Result> results = search.run(budgets,
                b -> tinyVit && Presets.exists(presetName(b)) ? Presets.get(presetName(b)).withDropPath(0) : null, SearchCommand::presetName);
        progress[0].done();
        System.err.printf(Locale.ROOT, "tinyvit search: %d runs trained, %d answered from the journal%n", evaluator.trained(), evaluator.reused());
        return results;
    }

    static String presetName(Budget budget) {
        return "tinyvit-" + budget.label().toLowerCase(Locale.ROOT);
    }

    static List<Budget> budgets(List<String> params, List<String> macs) {
        List<Budget> out = new ArrayList<>();
        if (macs != null && macs.size() != params.size()) {
            throw new TinyVitException("--macs needs one value per budget: " + params.size() + " budgets, " + macs.size() + " MAC budgets");
        }
        for (int i = 0; i < params.size(); i++) {
            String label = params.get(i).trim();
            String mac = macs != null ? macs.get(i) : switch (label.toUpperCase(Locale.ROOT)) {
                case "21M" -> "4.3G";
                case "11M" -> "2.0G";
                case "5M" -> "1.3G";
                default -> throw new TinyVitException("budget " + label + " has no default MAC budget; give one with --macs");
            };
            out.add(Budget.of(label, mac));
        }
        return out;
    }

    private static void printTable(List<ContractionSearch.Result> results) {
        System.out.printf(Locale.ROOT, "%-6s %10s %8s %9s   %-16s %9s  %s%n", "budget", "params", "GMACs", "proxy acc", "preset", "its acc", "chosen spec");
        for (ContractionSearch.Result r : results) {
            JournalEntry p = r.preset();
            System.out.printf(Locale.ROOT, "%-6s %10d %8.3f %9.4f   %-16s %9s  %s%n", r.budget().label(), r.best().params(), r.best().macs() / 1e9,
                    r.best().fitness(), p == null ? "-" : r.presetName(), p == null || !p.ok() ? "-" : String.format(Locale.ROOT, "%.4f", p.fitness()),
                    describe(r.best().spec()));
        }
    }

    /** A short form of a spec's JSON: its architecture fields only. */
    static String describe(tools.jackson.databind.JsonNode spec) {
        ObjectNode copy = (ObjectNode) spec.deepCopy();
        for (String field : new String[] {"imgSize", "inChans", "numClasses", "dropPath", "localConvSize", "formatVersion"}) {
            copy.remove(field);
        }
        return Json.compact(copy);
    }
}
