package org.tinyvit.distill;

import org.tinyvit.TinyVitException;

/**
 * A run stopped because its loss became non-finite and did so again when replayed from its last
 * finite loss: seeded runs replay exactly, so this is a real divergence, not one of the sporadic
 * faults of the process that a replay passes (see {@link RollbackPoint}).
 */
public final class TrainingDivergedException extends TinyVitException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
