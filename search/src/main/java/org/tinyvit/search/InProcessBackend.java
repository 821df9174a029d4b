package org.tinyvit.search;

import jakarta.inject.Inject;
import java.util.List;

/** Trains candidates one after another in this process (DJL allows one training per JVM at a time). */
public final class InProcessBackend implements EvaluationBackend {
    private final ProxyTrainer trainer;

    @Inject
    public InProcessBackend(ProxyTrainer trainer) {
        this.trainer = trainer;
    }

    @Override
    public List<JournalEntry> evaluate(List<Candidate> candidates) {
        long batchStart = System.nanoTime();
        // a candidate waits while the ones before it in the batch train
        return candidates.stream().map(c -> {
            double waited = (System.nanoTime() - batchStart) / 1e9;
            JournalEntry entry = CandidateEvaluation.evaluate(trainer, c);
            return entry.withExecution(entry.execution().waited(waited));
        }).toList();
    }
}
