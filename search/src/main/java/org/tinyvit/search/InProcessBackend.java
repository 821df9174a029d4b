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
        return candidates.stream().map(c -> CandidateEvaluation.evaluate(trainer, c)).toList();
    }
}
