package org.tinyvit.distill;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.tinyvit.Progress;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.Augmentation;
import org.tinyvit.data.DataSplits;
import org.tinyvit.data.ImageSet;
import org.tinyvit.io.Json;
import tools.jackson.databind.node.ObjectNode;
import org.tinyvit.distill.store.LogitRecord;
import org.tinyvit.distill.store.LogitStore;
import org.tinyvit.distill.store.LogitStoreReader;
import org.tinyvit.distill.store.LogitStoreWriter;
import org.tinyvit.distill.store.StoreHeader;
import org.tinyvit.distill.store.StoreManifest;

/**
 * Runs a teacher once over the augmented training stream and stores, per epoch and sample, the
 * augmentation seed and the top-K probabilities. Epochs already complete in the folder (same
 * manifest) are kept, so an interrupted run continues where it stopped.
 *
 * <pre>{@code
 * var settings = new LogitStoreBuilder.Settings(Path.of("runs/teacher"), data, 5, 7, 3, Path.of("runs/logits"), 256, Policy.LIGHT);
 * LogitStoreBuilder.Result result = LogitStoreBuilder.build(settings);
 * }</pre>
 */
public final class LogitStoreBuilder {
    private static final int BATCH = 256;
    public static final int DEFAULT_TOP_K = 5;
    public static final long DEFAULT_SEED = 7;
    public static final int DEFAULT_VERIFY_SAMPLES = 256;

    /** Result of {@link #verify}: mean |Δ| of stored vs recomputed values and the index mismatch rate. */
    public record Verification(int records, double meanAbsDelta, double indexMismatchRate) {}

    /**
     * What to store.
     *
     * @param teacher the teacher's checkpoint folder
     * @param seed the seed of the augmentation stream
     * @param epochs how many augmented epochs to store
     * @param verifySamples records per epoch re-checked against the teacher afterwards; 0 for none
     * @param augmentation the policy of the stored stream (students replaying it must train with it)
     * @param device where the teacher runs
     */
    public record Settings(Path teacher, DataSplits data, int topK, long seed, int epochs, Path out, int verifySamples,
            Augmentation.Policy augmentation, ai.djl.Device device) {
        /** On the engine's default device. */
        public Settings(Path teacher, DataSplits data, int topK, long seed, int epochs, Path out, int verifySamples, Augmentation.Policy augmentation) {
            this(teacher, data, topK, seed, epochs, out, verifySamples, augmentation, ai.djl.engine.Engine.getInstance().defaultDevice());
        }
    }

    /** What a build did: epochs present and written now, records, size on disk, and the check, if asked for. */
    public record Result(Path store, int epochs, int epochsWritten, int samples, int topK, double seconds, long bytes,
            Optional<Verification> verification) {
        public ObjectNode toJson() {
            ObjectNode n = Json.object("store", store.toString(), "epochs", epochs, "epochsWritten", epochsWritten, "samples", samples,
                    "topK", topK, "seconds", seconds, "bytes", bytes);
            verification.ifPresent(v -> Json.with(n, "verifiedRecords", v.records(), "meanAbsDelta", v.meanAbsDelta(),
                    "indexMismatchRate", v.indexMismatchRate()));
            return n;
        }
    }

    private LogitStoreBuilder() {}

    /** Loads the teacher, writes the epochs not stored yet, and verifies when asked to. */
    public static Result build(Settings s) {
        try (Teacher teacher = Teacher.load(s.teacher(), s.device())) {
            if (s.topK() < 1 || s.topK() > teacher.spec().numClasses()) {
                throw new TinyVitException("top-K must be between 1 and the teacher's " + teacher.spec().numClasses() + " classes, got "
                        + s.topK());
            }
            StoreManifest manifest = manifest(teacher, s.data(), s.topK(), s.seed(), s.augmentation());
            long start = System.nanoTime();
            int written = build(s.out(), teacher, s.data(), manifest, s.epochs());
            double seconds = (System.nanoTime() - start) / 1e9;
            Optional<Verification> verification = s.verifySamples() > 0
                    ? Optional.of(verify(s.out(), teacher, s.data(), s.verifySamples(), s.seed() + 1))
                    : Optional.empty();
            long bytes = LogitStore.epochs(s.out()).stream().mapToLong(e -> LogitStore.epochFile(s.out(), e).toFile().length()).sum();
            return new Result(s.out(), LogitStore.epochs(s.out()).size(), written, manifest.sampleCount(), s.topK(), seconds, bytes,
                    verification);
        }
    }

    public static StoreManifest manifest(Teacher teacher, DataSplits data, int topK, long seed, Augmentation.Policy augmentation) {
        ImageSet train = data.train();
        return new StoreManifest(teacher.fingerprint(), train.name(), train.fingerprint(), train.size(), topK,
                teacher.spec().numClasses(), teacher.spec().imgSize(), seed, augmentation);
    }

    /** Writes epochs 0..epochs-1 that are not there yet; returns the epochs written now. */
    public static int build(Path dir, Teacher teacher, DataSplits data, StoreManifest manifest, int epochs) {
        if (StoreManifest.exists(dir) && !StoreManifest.read(dir).equals(manifest)) {
            throw new TinyVitException(dir + ": holds a store made with another teacher, data, K or seed; store into another folder or delete it");
        }
        manifest.write(dir);
        List<Integer> done = LogitStore.epochs(dir);
        int written = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            if (!done.contains(epoch)) {
                writeEpoch(dir, teacher, data, manifest, epoch, epochs);
                written++;
            }
        }
        return written;
    }

    private static void writeEpoch(Path dir, Teacher teacher, DataSplits data, StoreManifest m, int epoch, int epochs) {
        ImageSet train = data.train();
        Augmentation augmentation = augmentation(m, data);
        int classes = m.numClasses();
        int perImage = augmentation.floatsPerImage(train.channels());
        StoreHeader header = StoreHeader.of(m.topK(), classes, train.size(), epoch, m.datasetFingerprint(), m.teacherFingerprint());
        Progress progress = new Progress(String.format(Locale.ROOT, "logits epoch %d/%d", epoch + 1, epochs), train.size());
        try (LogitStoreWriter writer = LogitStoreWriter.create(dir, header)) {
            LogitRecord record = new LogitRecord(m.topK());
            for (int start = 0; start < train.size(); start += BATCH) {
                int n = Math.min(BATCH, train.size() - start);
                int[] seeds = new int[n];
                float[] pixels = new float[n * perImage];
                for (int i = 0; i < n; i++) {
                    seeds[i] = Augmentation.sampleSeed(m.seed(), epoch, start + i);
                    augmentation.train(train, start + i, seeds[i], pixels, i * perImage);
                }
                float[] probs = probabilities(teacher, pixels, n, train.channels(), m.imgSize());
                for (int i = 0; i < n; i++) {
                    record.seed = seeds[i];
                    TopK.select(probs, i * classes, classes, record);
                    writer.write(record);
                }
                progress.advance(n);
            }
            writer.commit();
        }
        progress.done();
    }

    static Augmentation augmentation(StoreManifest m, DataSplits data) {
        return Augmentation.of(m.augmentation(), m.imgSize(), data.mean(), data.std());
    }

    private static float[] probabilities(Teacher teacher, float[] pixels, int n, int channels, int size) {
        try (NDManager scope = teacher.model().manager().newSubManager()) {
            return teacher.probabilities(scope.create(pixels, new Shape(n, channels, size, size))).toFloatArray();
        }
    }

    /** Checks every record block's checksum, then re-runs the teacher on {@code samples} random records of every epoch and compares. */
    public static Verification verify(Path dir, Teacher teacher, DataSplits data, int samples, long seed) {
        StoreManifest m = StoreManifest.read(dir);
        Augmentation augmentation = augmentation(m, data);
        ImageSet train = data.train();
        int perImage = augmentation.floatsPerImage(train.channels());
        SplittableRandom random = new SplittableRandom(seed);
        double deltaSum = 0;
        long mismatches = 0;
        int checked = 0;
        for (int epoch : LogitStore.epochs(dir)) {
            try (LogitStoreReader reader = LogitStoreReader.open(LogitStore.epochFile(dir, epoch), expectation(m, epoch))) {
                reader.verifyAll();
                int n = Math.min(samples, train.size());
                int[] indices = random.ints(n, 0, train.size()).toArray();
                float[] pixels = new float[n * perImage];
                LogitRecord[] stored = new LogitRecord[n];
                for (int i = 0; i < n; i++) {
                    stored[i] = reader.read(indices[i]);
                    augmentation.train(train, indices[i], stored[i].seed, pixels, i * perImage);
                }
                float[] probs = probabilities(teacher, pixels, n, train.channels(), m.imgSize());
                LogitRecord again = new LogitRecord(m.topK());
                for (int i = 0; i < n; i++) {
                    TopK.select(probs, i * m.numClasses(), m.numClasses(), again);
                    for (int k = 0; k < m.topK(); k++) {
                        deltaSum += Math.abs(again.probs[k] - stored[i].probs[k]);
                        mismatches += again.classes[k] != stored[i].classes[k] ? 1 : 0;
                    }
                }
                checked += n;
            }
        }
        long values = (long) checked * m.topK();
        return new Verification(checked, values == 0 ? 0 : deltaSum / values, values == 0 ? 0 : (double) mismatches / values);
    }

    static LogitStoreReader.Expectation expectation(StoreManifest m, int epoch) {
        return new LogitStoreReader.Expectation(m.topK(), m.numClasses(), (long) m.sampleCount(), epoch,
                m.datasetFingerprint(), m.teacherFingerprint());
    }
}
