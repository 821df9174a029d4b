package org.tinyvit.distill;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.Augmentation;
import org.tinyvit.data.DataSplits;
import org.tinyvit.data.ImageSet;

/**
 * The training batches of a run, epoch by epoch, prepared on the host one step ahead: while the
 * engine trains on one batch, a background thread augments the images of the next, looks up
 * their seeds and builds their targets (a logit store's records, say). The batches, and so every
 * result, are the same as when prepared in line.
 */
final class HostBatches implements AutoCloseable {
    /** One batch as host arrays: sample indices, seeds, images [B·C·size·size], labels, and the objective's targets if it has any. */
    record HostBatch(int epoch, int[] indices, int[] seeds, float[] pixels, int[] labels, Optional<float[]> targets) {}

    private final ImageSet train;
    private final Augmentation augmentation;
    private final Objective objective;
    private final int batch;
    private final int epochSamples;
    private final boolean sameImages;
    private final long seed;
    private final int steps;
    private final int total;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tinyvit-batches");
        t.setDaemon(true);
        return t;
    });
    private int position;
    private Future<HostBatch> ahead;
    private int[] order;
    private int orderEpoch = -1;

    private final StepProfile profile;

    /**
     * @param sameImages every epoch trains on the first epoch's {@code epochSamples} images, reshuffled; otherwise each epoch
     *     takes the first {@code epochSamples} of its own permutation of the whole set
     * @param profile where to add the host's preparation time, or null
     */
    HostBatches(DataSplits data, Augmentation augmentation, Objective objective, int batch, int epochSamples, boolean sameImages, long seed,
            int epochs, StepProfile profile) {
        this.profile = profile;
        this.train = data.train();
        this.augmentation = augmentation;
        this.objective = objective;
        this.batch = batch;
        this.epochSamples = epochSamples;
        this.sameImages = sameImages;
        this.seed = seed;
        this.steps = (epochSamples + batch - 1) / batch;
        this.total = steps * epochs;
    }

    /** The next batch; the one after it is prepared meanwhile. */
    HostBatch next() {
        if (position >= total) {
            throw new IllegalStateException("all " + total + " batches were handed out");
        }
        Future<HostBatch> current = ahead != null ? ahead : submit(position);
        position++;
        ahead = position < total ? submit(position) : null;
        try {
            return current.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TinyVitException("interrupted while preparing a batch", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new TinyVitException("cannot prepare a batch: " + e.getCause(), e.getCause());
        }
    }

    /** Hands out the first batch of {@code epoch} next; only before any batch was handed out (a run that goes on from a saved state). */
    void startAt(int epoch) {
        if (position != 0 || ahead != null) {
            throw new IllegalStateException("batches were handed out already");
        }
        position = epoch * steps;
    }

    /**
     * Hands out batch {@code batch} of epoch {@code epoch} next, as if the batches after it had
     * never been handed out: the same arrays, since each is a function of its position only.
     */
    void rewind(int epoch, int batch) {
        int at = epoch * steps + batch;
        if (at < 0 || at > position) {
            throw new IllegalArgumentException("cannot rewind to batch " + at + " from " + position);
        }
        if (ahead != null) {
            ahead.cancel(false);
            ahead = null;
        }
        position = at;
    }

    private Future<HostBatch> submit(int at) {
        return worker.submit(() -> {
            long start = System.nanoTime();
            HostBatch batch = prepare(at / steps, at % steps);
            if (profile != null) {
                profile.hostPrepare(System.nanoTime() - start);
            }
            return batch;
        });
    }

    /** The samples of {@code epoch} in the order it trains on them (its first {@code epochSamples}). */
    private int[] orderOf(int epoch) {
        int[] own = DataSplits.permutation(train.size(), seed * 31 + epoch);
        if (!sameImages || epoch == 0 || epochSamples >= train.size()) {
            return own; // with every image in every epoch there is nothing to repeat: each epoch's own shuffle, as always
        }
        int[] first = DataSplits.permutation(train.size(), seed * 31);
        int[] shuffle = DataSplits.permutation(epochSamples, seed * 31 + epoch);
        int[] order = new int[epochSamples];
        for (int i = 0; i < epochSamples; i++) {
            order[i] = first[shuffle[i]];
        }
        return order;
    }

    /** Runs on the worker thread only: the objective's store readers are never shared between threads. */
    private HostBatch prepare(int epoch, int b) {
        if (orderEpoch != epoch) {
            order = orderOf(epoch);
            orderEpoch = epoch;
        }
        int from = b * batch;
        int[] indices = Arrays.copyOfRange(order, from, Math.min(from + batch, epochSamples));
        int perImage = augmentation.floatsPerImage(train.channels());
        float[] pixels = new float[indices.length * perImage];
        int[] seeds = new int[indices.length];
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            seeds[i] = objective.seed(epoch, indices[i]);
            augmentation.train(train, indices[i], seeds[i], pixels, i * perImage);
            labels[i] = train.labels()[indices[i]];
        }
        return new HostBatch(epoch, indices, seeds, pixels, labels, objective.hostTargets(epoch, indices));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
