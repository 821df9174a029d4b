package org.tinyvit.distill;

import java.util.Locale;

/**
 * Where the training steps of a run spend their time, gathered by the {@link Distiller} when it is
 * given one: waiting for the next batch, forward pass and loss, backward pass, optimizer update,
 * and the host thread's own time preparing batches (augmentation, targets) in the background.
 * Engine calls are counted as the arrays a step creates. Not thread-safe beyond that one writer
 * per field: the host thread adds only to {@link #hostPrepare}.
 */
public final class StepProfile {
    private long steps;
    private long images;
    private long waitNanos;
    private long forwardNanos;
    private long backwardNanos;
    private long optimizerNanos;
    private long arrays;
    private volatile long hostPrepareNanos;

    void step(int batchImages, long wait, long forward, long backward, long optimizer, long createdArrays) {
        steps++;
        images += batchImages;
        waitNanos += wait;
        forwardNanos += forward;
        backwardNanos += backward;
        optimizerNanos += optimizer;
        arrays += createdArrays;
    }

    synchronized void hostPrepare(long nanos) {
        hostPrepareNanos += nanos;
    }

    public long steps() {
        return steps;
    }

    /** Seconds per step of each part, and their sum: the step's wall time. */
    public double waitSeconds() {
        return perStep(waitNanos);
    }

    public double forwardSeconds() {
        return perStep(forwardNanos);
    }

    public double backwardSeconds() {
        return perStep(backwardNanos);
    }

    public double optimizerSeconds() {
        return perStep(optimizerNanos);
    }

    public double stepSeconds() {
        return waitSeconds() + forwardSeconds() + backwardSeconds() + optimizerSeconds();
    }

    /** Host time per step spent preparing batches on the background thread (overlapped with the engine's work). */
    public double hostPrepareSeconds() {
        return perStep(hostPrepareNanos);
    }

    /** Arrays created per step: about the number of engine operations of forward, loss and update. */
    public double arraysPerStep() {
        return steps == 0 ? 0 : (double) arrays / steps;
    }

    public double imagesPerSecond() {
        return images / (stepSeconds() * steps);
    }

    private double perStep(long nanos) {
        return steps == 0 ? 0 : nanos / 1e9 / steps;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d steps: %.4f s/step (wait %.4f, forward %.4f, backward %.4f, optimizer %.4f), host prepare %.4f s/step,"
                + " %.0f arrays/step, %.1f images/s", steps, stepSeconds(), waitSeconds(), forwardSeconds(), backwardSeconds(), optimizerSeconds(),
                hostPrepareSeconds(), arraysPerStep(), imagesPerSecond());
    }
}
