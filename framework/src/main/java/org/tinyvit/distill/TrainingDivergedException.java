package org.tinyvit.distill;

import org.tinyvit.TinyVitException;

/**
 * A run stopped because its loss became non-finite. Runs are seeded, so a real divergence repeats
 * when the run is repeated; one that does not repeat was a fault of the process, not of the
 * model (see docs/benchmarks.md on the sporadic NaN losses).
 */
public final class TrainingDivergedException extends TinyVitException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
