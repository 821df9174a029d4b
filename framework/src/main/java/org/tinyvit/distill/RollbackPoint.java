package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of everything a training step changes (weights, BatchNorm statistics, the optimizer's
 * moments), kept where the loss and that state were last seen finite, with the position of the
 * run at that moment. Going back to it and replaying the same seeded batches repeats the run exactly; so a
 * loss that turns non-finite again on replay is a real divergence, and one that does not was a
 * fault of the process (see docs/benchmarks.md on the sporadic NaN losses).
 *
 * <p>The copies are allocated once and overwritten in place at each {@link #capture}: one copy of
 * the training state, about 3× the weights with Adam's two moments.
 */
final class RollbackPoint {
    private static final NDIndex ALL = new NDIndex("...");

    private final List<NDArray> live;
    private final List<NDArray> copies = new ArrayList<>();
    private int batch;
    private int step;
    private int optimizerStep;

    /** @param live every array a step updates in place (the epoch's running loss sum too); copied at each capture; closed with {@code parent} */
    RollbackPoint(NDManager parent, List<NDArray> live) {
        this.live = List.copyOf(live);
        for (NDArray a : this.live) {
            NDArray copy = a.duplicate();
            copy.attach(parent);
            copies.add(copy);
        }
    }

    /**
     * Remembers the run as it is before batch {@code batch} of the epoch, after {@code step} steps
     * of the run and {@code optimizerStep} of the optimizer.
     */
    void capture(int batch, int step, int optimizerStep) {
        for (int i = 0; i < live.size(); i++) {
            copies.get(i).set(ALL, live.get(i));
        }
        this.batch = batch;
        this.step = step;
        this.optimizerStep = optimizerStep;
    }

    /** Puts the captured values back into the live arrays (a copy, not a swap: parameters keep their identity and gradients). */
    void restore() {
        for (int i = 0; i < live.size(); i++) {
            live.get(i).set(ALL, copies.get(i));
        }
    }

    /** Whether every value of {@code arrays} is finite: one sum per array, read back once. */
    static boolean allFinite(List<NDArray> arrays) {
        try (NDManager scope = arrays.get(0).getManager().newSubManager()) {
            NDList sums = new NDList(arrays.size());
            for (NDArray a : arrays) {
                NDArray sum = a.sum();
                sum.attach(scope);
                sums.add(sum);
            }
            NDArray total = NDArrays.stack(sums).sum();
            total.attach(scope);
            return Float.isFinite(total.getFloat());
        }
    }

    /** The epoch's batch the run goes back to. */
    int batch() {
        return batch;
    }

    int step() {
        return step;
    }

    int optimizerStep() {
        return optimizerStep;
    }
}
