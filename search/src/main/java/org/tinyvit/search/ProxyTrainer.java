package org.tinyvit.search;

import org.tinyvit.model.StudentSpec;

/**
 * Scores one candidate: trains it briefly and returns its held-out accuracy. Implementations
 * may throw; {@link CandidateEvaluator} records the failure and scores it worst.
 */
public interface ProxyTrainer {
    double accuracy(StudentSpec spec, ProxyRun run);

    /** The run's accuracy and, where the trainer measures it, its mean training loss. */
    default ProxyScore score(StudentSpec spec, ProxyRun run) {
        return new ProxyScore(accuracy(spec, run), Double.NaN);
    }
}
