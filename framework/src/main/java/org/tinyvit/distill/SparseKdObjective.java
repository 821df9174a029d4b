package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyvit.TinyVitException;
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

    public SparseKdObjective(Path dir, DataSplits data) {
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

    @Override
    public NDArray loss(Batch batch, NDArray logits, StudentRelation relation) {
        int classes = manifest.numClasses();
        if (logits.getShape().get(1) != classes) {
            throw new TinyVitException(dir + ": the store has " + classes + " classes, the student " + logits.getShape().get(1));
        }
        float[] targets = new float[batch.size() * classes];
        LogitStoreReader reader = reader(batch.epoch());
        for (int i = 0; i < batch.size(); i++) {
            reader.read(batch.indices()[i], record);
            Losses.sparseTarget(record.classes, record.probs, classes, targets, i * classes);
        }
        return Losses.softCrossEntropy(logits, batch.scope().create(targets, new Shape(batch.size(), classes)));
    }

    @Override
    public String name() {
        return "sparse-kd";
    }

    @Override
    public void close() {
        readers.values().forEach(LogitStoreReader::close);
        readers.clear();
    }
}
