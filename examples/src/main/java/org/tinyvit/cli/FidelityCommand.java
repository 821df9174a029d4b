package org.tinyvit.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.io.Json;
import org.tinyvit.search.Fitness;
import org.tinyvit.search.ProxyRun;
import org.tinyvit.search.ProxySettings;
import org.tinyvit.search.fidelity.ProxyFidelity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How well the search's short runs rank candidates against long runs, on your data. */
@Command(name = "fidelity", description = "Score K candidates by the short run under test and by a long run; report Kendall's tau and Spearman's rho with bootstrap intervals.")
final class FidelityCommand implements Callable<Integer> {
    @Mixin SpaceOptions spaceOptions;

    @Mixin ProxyOptions proxyOptions;

    @Option(names = "--logits", required = true, description = "Logit store folder (from `tinyvit logits`).") Path logits;

    @Option(names = "--train-samples", description = "Training images the store was made from (default: the store's own count).") Integer trainSamples;

    @Option(names = "--candidates", description = "Candidates, spread evenly over the budgets (default ${DEFAULT-VALUE}).") int candidates = 16;

    @Option(names = "--batch", description = "Batch size of the short runs (default ${DEFAULT-VALUE}).") int batch = ProxySettings.DEFAULT_BATCH;

    @Option(names = "--lr", description = "Peak learning rate of the short runs (default ${DEFAULT-VALUE}).") float lr = ProxySettings.DEFAULT_LR;

    @Option(names = "--long-epochs", description = "Epochs over all training images of a long run (default ${DEFAULT-VALUE}).") int longEpochs = 3;

    @Option(names = "--long-samples", description = "Training images of a long run, drawn once and trained on every epoch (default: all of them).") Integer longSamples;

    @Option(names = "--long-val", description = "Validation images that score a long run (default: as many as the short runs'; more make the long runs' "
            + "ranking less noisy: see tauCeiling).") Integer longVal;

    @Option(names = "--long-seeds", description = "Long runs per candidate, of consecutive seeds from --seed; its long score is their mean, and the "
            + "report gives how well the seeds' rankings agree (longSeedTau) (default ${DEFAULT-VALUE}).") int longSeeds = 1;

    @Option(names = "--halving", description = "Also score successive halving with this factor: a run on 1/η of the short run's images, the best 1/η promoted (default ${DEFAULT-VALUE}: none).") int halving = 1;

    @Option(names = "--out", required = true, description = "Output folder: fidelity.json, fidelity.png and the journals of both passes.") Path out;

    @Mixin JsonOption output;

    @Mixin DataOptions dataOptions;

    @Mixin WorkerOptions workerOptions;

    @Override
    public Integer call() {
        var backend = workerOptions.modules(); // before the data is read: a mistake here is cheaper to report
        var space = spaceOptions.space();
        var budgets = spaceOptions.budgets();
        int samples = trainSamples != null ? trainSamples : StoreManifest.read(logits).sampleCount();
        DataSplits data = dataOptions.load(samples);
        ProxyRun longRun = new ProxyRun(longSamples != null ? longSamples : data.train().size(), longEpochs);
        ProxySettings shortRuns = proxyOptions.settings(batch, lr, Fitness.VAL_ACCURACY); // fidelity compares accuracies too
        ProxySettings longTraining = new ProxySettings(TrainConfig.DEFAULT_BATCH, TrainConfig.DEFAULT_LR, proxyOptions.seed,
                longVal != null ? longVal : shortRuns.valImages());
        ProxyFidelity.Result r = ProxyFidelity.run(new ProxyFidelity.Settings(space, budgets, candidates, proxyOptions.run(),
                shortRuns, longRun, longTraining, logits, data, out, proxyOptions.seed, halving).withLongSeeds(longSeeds).withSource(dataOptions.source(samples)),
                backend);
        if (output.json) {
            System.out.println(Json.compact(r.json()));
            return 0;
        }
        System.out.printf(Locale.ROOT, "%d candidates: Kendall tau %.3f [%.3f, %.3f], Spearman rho %.3f [%.3f, %.3f] (95%% bootstrap)%n",
                r.pairs().size(), r.kendallTau(), r.tauInterval().low(), r.tauInterval().high(), r.spearmanRho(), r.rhoInterval().low(),
                r.rhoInterval().high());
        for (ProxyFidelity.Correlation c : r.correlations()) {
            System.out.printf(Locale.ROOT, "  %-20s tau %6.3f [%6.3f, %6.3f]  rho %6.3f  %6.0f s of short runs%n", c.name(), c.kendallTau(),
                    c.tauInterval().low(), c.tauInterval().high(), c.spearmanRho(), c.seconds());
        }
        System.out.printf(Locale.ROOT, "a perfect proxy would reach tau %.3f on average against long runs scored on %d validation images%n",
                r.tauCeiling(), r.longValImages());
        if (longSeeds > 1) {
            System.out.printf(Locale.ROOT, "the long runs of %d seeds rank the candidates alike at a mean Kendall tau of %.3f%n", longSeeds, r.longSeedTau());
        }
        System.out.printf(Locale.ROOT, "short runs %.0f s, long runs %.0f s; written: %s, %s%n", r.proxySeconds(), r.longSeconds(), r.file(), r.plot());
        return 0;
    }
}
