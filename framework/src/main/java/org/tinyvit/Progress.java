package org.tinyvit;

import java.util.Locale;

/** Progress with an ETA on stderr, at most about once a second; a note can follow the counts. */
public final class Progress {
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private long done;
    private long lastPrint;

    public Progress(String label, long total) {
        this.label = label;
        this.total = total;
    }

    public void advance(long amount) {
        advance(amount, "");
    }

    public void advance(long amount, String note) {
        done += amount;
        long now = System.nanoTime();
        if (now - lastPrint > 1_000_000_000L || done >= total) {
            lastPrint = now;
            double elapsed = (now - start) / 1e9;
            long all = Math.max(total, done);
            double eta = done == 0 ? Double.NaN : elapsed * (all - done) / done;
            System.err.printf(Locale.ROOT, "\r%s: %d/%d (%.0f%%) elapsed %s, eta %s %s  ", label, done, all,
                    100.0 * done / all, clock(elapsed), clock(eta), note);
            System.err.flush();
        }
    }

    public void done() {
        System.err.println();
    }

    public static String clock(double seconds) {
        if (Double.isNaN(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
