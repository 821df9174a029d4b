package org.tinyvit.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.LogitStoreBuilder;
import org.tinyvit.distill.Teacher;
import org.tinyvit.distill.store.LogitStore;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/** Writes the sparse logit store of a teacher. */
@Command(name = "logits", description = "Run a teacher once over the augmented training stream and store seed + top-K probabilities per sample and epoch.")
final class LogitsCommand implements Callable<Integer> {
    @Option(names = "--teacher", required = true, description = "Teacher checkpoint folder.")
    Path teacherDir;

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs of the augmented stream to store (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--top-k", defaultValue = "5", description = "Probabilities stored per sample (default ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--train-samples", description = "Store the first N images of the train split only.")
    Integer trainSamples;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the augmentation stream (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Store folder.")
    Path out;

    @Option(names = "--verify", description = "Re-run the teacher on sampled records and report the differences.")
    boolean verify;

    @Option(names = "--verify-samples", defaultValue = "256", description = "Records per epoch to re-check with --verify (default ${DEFAULT-VALUE}).")
    int verifySamples;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Mixin
    DataOptions dataOptions;

    @Override
    public Integer call() {
        DataSplits data = dataOptions.load(trainSamples);
        try (Teacher teacher = Teacher.load(teacherDir)) {
            if (topK < 1 || topK > teacher.spec().numClasses()) {
                throw new org.tinyvit.TinyVitException("--top-k must be between 1 and the teacher's " + teacher.spec().numClasses() + " classes");
            }
            StoreManifest manifest = LogitStoreBuilder.manifest(teacher, data, topK, seed);
            long start = System.nanoTime();
            int written = LogitStoreBuilder.build(out, teacher, data, manifest, epochs);
            ObjectNode result = Json.object();
            result.put("store", out.toString());
            result.put("epochs", LogitStore.epochs(out).size());
            result.put("epochsWritten", written);
            result.put("samples", manifest.sampleCount());
            result.put("topK", topK);
            result.put("seconds", (System.nanoTime() - start) / 1e9);
            result.put("bytes", storeBytes(out));
            if (verify) {
                LogitStoreBuilder.Verification v = LogitStoreBuilder.verify(out, teacher, data, verifySamples, seed + 1);
                result.put("verifiedRecords", v.records());
                result.put("meanAbsDelta", v.meanAbsDelta());
                result.put("indexMismatchRate", v.indexMismatchRate());
            }
            if (json) {
                System.out.println(Json.compact(result));
            } else {
                System.out.printf(Locale.ROOT, "store %s: %d epochs (%d written now) of %d samples, top-%d, %,d bytes%n", out,
                        result.get("epochs").asInt(), written, manifest.sampleCount(), topK, result.get("bytes").asLong());
                if (verify) {
                    System.out.printf(Locale.ROOT, "verify: %d records re-run, mean |delta| %.3g, index mismatch rate %.4f%n",
                            result.get("verifiedRecords").asInt(), result.get("meanAbsDelta").asDouble(), result.get("indexMismatchRate").asDouble());
                }
            }
        }
        return 0;
    }

    private static long storeBytes(Path dir) {
        return LogitStore.epochs(dir).stream().mapToLong(e -> LogitStore.epochFile(dir, e).toFile().length()).sum();
    }
}
