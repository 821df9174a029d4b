package org.tinyvit.search;

/** The length of a candidate's short training run: samples per epoch and epochs. */
public record ProxyRun(int samples, int epochs) {
    public ProxyRun {
        if (samples < 1 || epochs < 1) {
            throw new org.tinyvit.TinyVitException("a proxy run needs at least one sample and one epoch, got " + samples + " samples, " + epochs + " epochs");
        }
    }
}
