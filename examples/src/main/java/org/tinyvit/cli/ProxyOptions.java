package org.tinyvit.cli;

import org.tinyvit.search.Fitness;
import org.tinyvit.search.ProxyRun;
import org.tinyvit.search.ProxySettings;
import org.tinyvit.search.SearchSettings;
import picocli.CommandLine.Option;

/** A candidate's short run: its length, the validation images that score it, and the seed. */
final class ProxyOptions {
    @Option(names = "--proxy-epochs", description = "Epochs of a candidate's short run, over the same images each time (default ${DEFAULT-VALUE}).") int proxyEpochs = ProxyRun.DEFAULT_EPOCHS;

    @Option(names = "--proxy-samples", description = "Training images of a short run, drawn once and trained on every epoch (default ${DEFAULT-VALUE}).") int proxySamples = ProxyRun.DEFAULT_SAMPLES;

    @Option(names = "--proxy-val", description = "Validation images that score a candidate; 0 for none (default: none when ranking by train-loss, which needs only the training loss; "
            + ProxySettings.DEFAULT_VAL_IMAGES + " otherwise).") Integer proxyVal;

    @Option(names = "--seed", description = "Seed of the search and of every short run (default ${DEFAULT-VALUE}).") long seed = SearchSettings.DEFAULT_SEED;

    ProxyRun run() {
        return new ProxyRun(proxySamples, proxyEpochs);
    }

    /** The short runs' settings at {@code batch} and {@code lr}, validating as much as {@code fitness} needs unless --proxy-val says. */
    ProxySettings settings(int batch, float lr, Fitness fitness) {
        return new ProxySettings(batch, lr, seed, proxyVal != null ? proxyVal : ProxySettings.valImagesFor(fitness));
    }
}
