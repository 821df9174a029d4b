package org.tinyvit.search;

import org.tinyvit.model.StudentSpec;

/**
 * Scores one candidate: trains it briefly and returns its held-out accuracy. Implementations
 * may throw; {@link CandidateEvaluator} records the failure and scores it worst.
 */
public interface ProxyTrainer {
    double accuracy(StudentSpec spec, ProxyRun run);
}
