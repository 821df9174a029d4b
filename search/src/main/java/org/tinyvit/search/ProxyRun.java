package org.tinyvit.search;

/**
 * The length of a candidate's training run: its images and the epochs over them (the same images
 * every epoch since journal format 4; before, each epoch drew its own).
 */
public record ProxyRun(int samples, int epochs) {
    public static final int DEFAULT_SAMPLES = 500;
    public static final int DEFAULT_EPOCHS = 1;

    /** 500 images, one epoch: 16 steps at the default batch of 32 (chosen by `tinyvit fidelity`, docs/benchmarks.md). */
    public static ProxyRun defaults() {
        return new ProxyRun(DEFAULT_SAMPLES, DEFAULT_EPOCHS);
    }

    /** Successive halving's rung: the same run on 1/η of its images (at least one). */
    public ProxyRun rung(int eta) {
        return new ProxyRun(Math.max(1, samples / eta), epochs);
    }

    /** How many of {@code candidates} rung runs successive halving with factor η promotes to the full run: the best ⌈n/η⌉. */
    public static int promoted(int candidates, int eta) {
        return (int) Math.ceil((double) candidates / eta);
    }

    /** A promoted candidate's score: its full run's, above every rung-only score (a {@link Fitness} score is at most 1). */
    public static double promotedScore(double fullRunScore) {
        return 1 + fullRunScore;
    }

    public ProxyRun {
        if (samples < 1 || epochs < 1) {
            throw new org.tinyvit.TinyVitException("a proxy run needs at least one sample and one epoch, got " + samples + " samples, " + epochs + " epochs");
        }
    }
}
