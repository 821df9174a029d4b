package org.tinyvit.search;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** Trains candidates one after another in this process (DJL allows one training per JVM at a time). */
public final class InProcessBackend implements EvaluationBackend {
    private final ProxyTrainer trainer;

    @Inject
    public InProcessBackend(ProxyTrainer trainer) {
        this.trainer = trainer;
    }

    @Override
    public List<JournalEntry> evaluate(List<Candidate> candidates) {
        return evaluate(candidates, (i, entry) -> {});
    }

    /** Each entry is told as soon as its run ends. */
    @Override
    public List<JournalEntry> evaluate(List<Candidate> candidates, BiConsumer<Integer, JournalEntry> finished) {
        long batchStart = System.nanoTime();
        List<JournalEntry> entries = new ArrayList<>();
        for (Candidate c : candidates) {
            double waited = (System.nanoTime() - batchStart) / 1e9; // a candidate waits while the ones before it in the batch train
            JournalEntry entry = CandidateEvaluation.evaluate(trainer, c);
            entries.add(entry.withExecution(entry.execution().waited(waited)));
            finished.accept(entries.size() - 1, entries.get(entries.size() - 1));
        }
        return List.copyOf(entries);
    }
}
