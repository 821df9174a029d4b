package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.Augmentation;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.store.LogitRecord;
import org.tinyvit.distill.store.LogitStore;
import org.tinyvit.distill.store.LogitStoreReader;
import org.tinyvit.distill.store.StoreManifest;

/**
 * Distillation from a logit store: each sample is augmented with the seed the teacher saw and
 * its target is rebuilt from the stored top-K probabilities. No teacher in memory. Student epoch
 * e replays store epoch e mod (stored epochs).
 */
public final class SparseKdObjective implements Objective {
    private final Path dir;
    private final StoreManifest manifest;
    private final List<Integer> epochs;
    private final Map<Integer, LogitStoreReader> readers = new HashMap<>();
    private final LogitRecord record;
    private final float temperature;

    /** Distillation at temperature 1, TinyViT's. */
    public SparseKdObjective(Path dir, DataSplits data, Augmentation.Policy augmentation) {
        this(dir, data, augmentation, 1f);
    }

    /** @param augmentation the run's policy, which must be the one the store was made with */
    public SparseKdObjective(Path dir, DataSplits data, Augmentation.Policy augmentation, float temperature) {
        this.temperature = temperature;
        this.dir = dir;
        this.manifest = StoreManifest.read(dir);
        this.epochs = LogitStore.epochs(dir);
        if (epochs.isEmpty()) {
            throw new TinyVitException(dir + ": the logit store has no complete epoch");
        }
        if (!manifest.datasetFingerprint().equals(data.train().fingerprint())) {
            throw new TinyVitException(dir.resolve(StoreManifest.FILE) + ": made from other training data (" + manifest.datasetName() + ", "
                    + manifest.sampleCount() + " samples) than this run's (" + data.train().name() + ", " + data.train().size()
                    + " samples); train on the images the store was made from");
        }
        if (manifest.augmentation() != augmentation) {
            throw new TinyVitException(dir.resolve(StoreManifest.FILE) + ": made with " + manifest.augmentation().label()
                    + " augmentation, which its records replay; this run asks for " + augmentation.label());
        }
        this.record = new LogitRecord(manifest.topK());
    }

    public StoreManifest manifest() {
        return manifest;
    }

    private LogitStoreReader reader(int epoch) {
        int stored = epochs.get(epoch % epochs.size());
        return readers.computeIfAbsent(stored, e -> LogitStoreReader.open(LogitStore.epochFile(dir, e),
                LogitStoreBuilder.expectation(manifest, e)));
    }

    @Override
    public int seed(int epoch, int index) {
        return reader(epoch).read(index).seed;
    }

    /** The stored records of the batch as dense targets (read and built on the host, a step ahead). */
    @Override
    public Optional<float[]> hostTargets(int epoch, int[] indices) {
        int classes = manifest.numClasses();
        float[] targets = new float[indices.length * classes];
        LogitStoreReader reader = reader(epoch);
        for (int i = 0; i < indices.length; i++) {
            reader.read(indices[i], record);
            Losses.sparseTarget(record.classes, record.probs, classes, targets, i * classes);
            Losses.soften(targets, i * classes, classes, temperature);
        }
        return Optional.of(targets);
    }

    @Override
    public NDArray loss(Batch batch, NDArray logits, StudentRelation relation) {
        int classes = manifest.numClasses();
        if (logits.getShape().get(1) != classes) {
            throw new TinyVitException(dir + ": the store has " + classes + " classes, the student " + logits.getShape().get(1));
        }
        return Losses.softCrossEntropy(logits, batch.targets().orElseThrow(), temperature);
    }

    @Override
    public String name() {
        return temperature == 1 ? "sparse-kd" : "sparse-kd@T" + temperature;
    }

    @Override
    public void close() {
        readers.values().forEach(LogitStoreReader::close);
        readers.clear();
    }
}
