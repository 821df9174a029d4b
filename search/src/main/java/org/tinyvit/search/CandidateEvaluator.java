package org.tinyvit.search;

import java.util.function.Consumer;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentSpec;

/**
 * Spec in, fitness out. Looks each (spec, run length) up in the {@link Journal} first, so an
 * identical spec is never trained twice, also across restarts; otherwise trains it with the
 * {@link ProxyTrainer} and appends the result. {@code onFinished} hears of both. A run that throws (NaN loss, an exception, out
 * of memory) is journaled as failed with its reason and gets no fitness; the search goes on.
 */
public final class CandidateEvaluator {
    private final ProxyTrainer trainer;
    private final Journal journal;
    private final Consumer<JournalEntry> onFinished;
    private int trained;
    private int reused;

    public CandidateEvaluator(ProxyTrainer trainer, Journal journal, Consumer<JournalEntry> onFinished) {
        this.trainer = trainer;
        this.journal = journal;
        this.onFinished = onFinished;
    }

    public JournalEntry evaluate(String role, String budget, StudentSpec spec, ProxyRun run) {
        StudentSpec deployed = Families.deployed(spec);
        String key = deployed.key();
        JournalEntry known = journal.find(key, run);
        if (known != null) {
            reused++;
            onFinished.accept(known);
            return known;
        }
        long params = Families.params(deployed);
        long macs = Families.macs(deployed);
        long start = System.nanoTime();
        double fitness = Double.NaN;
        String reason = null;
        try {
            fitness = trainer.accuracy(spec, run);
            if (!Double.isFinite(fitness)) {
                reason = "accuracy is " + fitness;
                fitness = Double.NaN;
            }
        } catch (TinyVitException e) {
            reason = e.getMessage();
        } catch (OutOfMemoryError e) {
            reason = "out of memory: " + e.getMessage();
        } catch (RuntimeException e) {
            reason = e.toString();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        JournalEntry entry = new JournalEntry(key, role, budget, deployed.toJson(), params, macs, run, fitness, seconds,
                reason == null ? JournalEntry.OK : JournalEntry.FAILED, reason == null ? null : reason.lines().findFirst().orElse(reason));
        journal.append(entry);
        trained++;
        onFinished.accept(entry);
        return entry;
    }

    /** Runs trained in this process. */
    public int trained() {
        return trained;
    }

    /** Evaluations answered from the journal. */
    public int reused() {
        return reused;
    }
}
