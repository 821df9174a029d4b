package org.tinyvit.search;

/** The length of a candidate's short training run: samples per epoch and epochs. */
public record ProxyRun(int samples, int epochs) {
    public static final int DEFAULT_SAMPLES = 1500;
    public static final int DEFAULT_EPOCHS = 1;

    /** 1,500 images, one epoch: about 47 steps at the default batch of 32. */
    public static ProxyRun defaults() {
        return new ProxyRun(DEFAULT_SAMPLES, DEFAULT_EPOCHS);
    }

    /** Successive halving's rung: the same run on 1/η of its images (at least one). */
    public ProxyRun rung(int eta) {
        return new ProxyRun(Math.max(1, samples / eta), epochs);
    }

    public ProxyRun {
        if (samples < 1 || epochs < 1) {
            throw new org.tinyvit.TinyVitException("a proxy run needs at least one sample and one epoch, got " + samples + " samples, " + epochs + " epochs");
        }
    }
}
