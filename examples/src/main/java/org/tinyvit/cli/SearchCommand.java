package org.tinyvit.cli;

import com.google.inject.Module;
import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.io.Json;
import org.tinyvit.search.ContractionSearch;
import org.tinyvit.search.Fitness;
import org.tinyvit.search.Journal;
import org.tinyvit.search.JournalEntry;
import org.tinyvit.search.ProxySettings;
import org.tinyvit.search.Search;
import org.tinyvit.search.SearchSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The constrained architecture search: progressive contraction over budgets, scored on stored logits. */
@Command(name = "search", description = "Search a student space under parameter/MAC budgets (largest first), scoring candidates by short sparse-kd runs on a logit store.")
class SearchCommand implements Callable<Integer> {
    @Mixin SearchOptions searchOptions;

    @Option(names = "--logits", required = true, description = "Logit store folder (from `tinyvit logits`); the teacher never runs during search.") Path logits;

    @Option(names = "--train-samples", description = "Training images the store was made from (default: the store's own count).") Integer trainSamples;

    @Option(names = "--batch", description = "Batch size of the short runs (default ${DEFAULT-VALUE}).") int batch = ProxySettings.DEFAULT_BATCH;

    @Option(names = "--lr", description = "Peak learning rate of the short runs (default ${DEFAULT-VALUE}).") float lr = ProxySettings.DEFAULT_LR;

    @Option(names = "--resume", description = "Continue the search in --out: every finished evaluation in its journal is reused.") boolean resume;

    @Option(names = "--out", required = true, description = "Output folder: family.json, journal.jsonl, candidates.png.") Path out;

    @Mixin JsonOption output;

    @Mixin DeviceOption device;

    @Mixin DataOptions dataOptions;

    @Mixin WorkerOptions workerOptions;

    @Override
    public Integer call() {
        Search.Result result = search();
        if (output.json) {
            System.out.println(Json.compact(result.family()));
        } else {
            printTable(result);
            System.out.println("written: " + result.familyFile() + ", " + result.journalFile() + ", " + result.plotFile());
        }
        return 0;
    }

    /** Runs the search the options describe. */
    Search.Result search() {
        Path journal = out.resolve(Journal.FILE);
        if (!resume && Files.isRegularFile(journal) && journal.toFile().length() > 0) {
            throw new TinyVitException(journal + ": a search journal already exists; pass --resume to continue it or choose another --out");
        }
        Module[] backend = workerOptions.modules(); // before the data is read: a mistake here is cheaper to report
        Device where = device.device();
        var space = searchOptions.space();
        var budgets = searchOptions.budgets();
        int samples = trainSamples != null ? trainSamples : StoreManifest.read(logits).sampleCount();
        DataSplits data = dataOptions.load(samples);
        Fitness byDefault = SearchSettings.DEFAULT_FITNESS;
        Search.Settings settings = new Search.Settings(space, budgets, searchOptions.settings(byDefault), searchOptions.proxy(batch, lr, byDefault),
                logits, data, out, resume).withSource(dataOptions.source(samples)).on(where);
        return Search.run(settings, backend);
    }

    private static void printTable(Search.Result result) {
        System.out.printf(Locale.ROOT, "%-6s %10s %8s %10s %9s   %-16s %10s %9s  %s%n", "budget", "params", "GMACs", "proxy loss", "proxy acc", "preset",
                "its loss", "its acc", "chosen spec");
        for (ContractionSearch.Result r : result.members()) {
            Optional<JournalEntry> preset = r.preset().map(ContractionSearch.PresetRun::run).filter(JournalEntry::ok);
            System.out.printf(Locale.ROOT, "%-6s %10d %8.3f %10s %9s   %-16s %10s %9s  %s%n", r.budget().label(), r.best().params(), r.best().macs() / 1e9,
                    measured(r.best().trainLoss()), measured(r.best().fitness()), r.preset().map(ContractionSearch.PresetRun::name).orElse("-"),
                    preset.map(p -> measured(p.trainLoss())).orElse("-"), preset.map(p -> measured(p.fitness())).orElse("-"), describe(r.best().spec()));
        }
    }

    /** A measured figure to 4 decimals, "-" when not measured (NaN). */
    static String measured(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** A short form of a spec's JSON: its architecture fields only. */
    static String describe(JsonNode spec) {
        ObjectNode copy = (ObjectNode) spec.deepCopy();
        for (String field : new String[] {"imgSize", "inChans", "numClasses", "dropPath", "localConvSize", "formatVersion"}) {
            copy.remove(field);
        }
        return Json.compact(copy);
    }
}
