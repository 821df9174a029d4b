package org.tinyvit.cli;

import org.tinyvit.search.ProxyRun;
import org.tinyvit.search.ProxySettings;
import org.tinyvit.search.SearchSettings;
import picocli.CommandLine.Option;

/** A candidate's short run: its length, the validation images that score it, and the seed. */
final class ProxyOptions {
    @Option(names = "--proxy-epochs", description = "Epochs of a candidate's short run (default ${DEFAULT-VALUE}).") int proxyEpochs = ProxyRun.DEFAULT_EPOCHS;

    @Option(names = "--proxy-samples", description = "Training images per epoch of a short run (default ${DEFAULT-VALUE}).") int proxySamples = ProxyRun.DEFAULT_SAMPLES;

    @Option(names = "--proxy-val", description = "Validation images that score a candidate (default ${DEFAULT-VALUE}).") int proxyVal = ProxySettings.DEFAULT_VAL_IMAGES;

    @Option(names = "--seed", description = "Seed of the search and of every short run (default ${DEFAULT-VALUE}).") long seed = SearchSettings.DEFAULT_SEED;

    ProxyRun run() {
        return new ProxyRun(proxySamples, proxyEpochs);
    }

    /** The short runs' settings at {@code batch} and {@code lr}. */
    ProxySettings settings(int batch, float lr) {
        return new ProxySettings(batch, lr, seed, proxyVal);
    }
}
