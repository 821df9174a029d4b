package org.tinyvit.search;

/**
 * A flaky family whose bad models (stage 2 of exactly two blocks) never finish building, as a
 * native call that hangs would: for testing the worker pool's candidate timeout and a worker
 * killed mid-candidate. Only ever train it in worker processes; in process it would hang the test.
 */
public final class StallingFamily extends FlakyFamily {
    public static final String NAME = "stalling";

    public StallingFamily() {
        super(NAME);
    }

    @Override
    protected void misbehave() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("a stalled build was interrupted");
    }
}
