package org.tinyvit.search;

import java.util.Locale;
import org.tinyvit.Progress;

/** The search's progress line on stderr: evaluations done, ETA, and the last one's result. */
public final class ProgressListener implements SearchListener {
    private Progress progress;

    @Override
    public void started(int evaluations) {
        progress = new Progress("search", evaluations);
    }

    @Override
    public void evaluated(JournalEntry e, boolean reused) {
        if (progress != null) {
            progress.advance(1, String.format(Locale.ROOT, "[%s] last: %s %.2fM params %.2fG MACs %s", e.budget(), e.role(),
                    e.params() / 1e6, e.macs() / 1e9, e.ok() ? String.format(Locale.ROOT, Double.isNaN(e.fitness()) ? "loss %.4f" : "loss %.4f acc %.4f", e.trainLoss(), e.fitness()) : "failed"));
        }
    }

    @Override
    public void finished() {
        if (progress != null) {
            progress.done();
        }
    }
}
