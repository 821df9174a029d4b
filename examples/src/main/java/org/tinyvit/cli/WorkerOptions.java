package org.tinyvit.cli;

import com.google.inject.Module;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.Devices;
import org.tinyvit.search.worker.WorkerPoolBackend;
import org.tinyvit.search.worker.WorkerPoolModule;
import org.tinyvit.spark.SparkBackend;
import org.tinyvit.spark.SparkModule;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Where candidates train: in this process, in a pool of worker processes, or in Spark tasks. Shared by the commands that search. */
final class WorkerOptions {
    @Option(names = "--workers", description = "Worker processes training candidates side by side (default ${DEFAULT-VALUE}: in this process, unless --threads or --candidate-timeout is given).") int workers = 1;

    @Option(names = "--threads", description = "Engine threads of each worker process (default: the cores divided among the workers; with --spark, spark.task.cpus).") Integer threads;

    @Option(names = "--devices", split = ",", description = "Devices the workers take in turn, e.g. gpu:0,gpu:1 for one GPU each (default: cpu).") List<String> devices;

    @Option(names = "--candidate-timeout", converter = DurationConverter.class, description = "Stop a worker whose candidate runs longer, e.g. 30m, 90s, 1h; the candidate is journaled as failed (default: no limit).") Duration candidateTimeout;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Train each candidate as a Spark task, in a worker process of its own on its executor: local[N], spark://host:7077, yarn, k8s://... (data and logits at the same path on every machine).") String spark;

    /** The Guice modules that put the pool or Spark in place; none for in-process training. */
    Module[] modules() {
        if (spark != null) {
            return new Module[] {new SparkModule(spark())};
        }
        return pool().map(p -> new Module[] {new WorkerPoolModule(p)}).orElse(new Module[0]);
    }

    /**
     * The pool, or empty to train in this process: one worker trains in process unless it needs
     * what only a separate process gives (its own engine threads, or being stopped on time).
     */
    Optional<WorkerPoolBackend.Settings> pool() {
        if (workers == 1 && threads == null && candidateTimeout == null && devices == null) {
            return Optional.empty();
        }
        WorkerPoolBackend.Settings pool = flag("--workers", () -> WorkerPoolBackend.Settings.of(workers));
        pool = given(pool, threads, "--threads", WorkerPoolBackend.Settings::withThreads);
        pool = given(pool, candidateTimeout, "--candidate-timeout", WorkerPoolBackend.Settings::withCandidateTimeout);
        return Optional.of(given(pool, devices, "--devices",
                (p, labels) -> p.withDevices(labels.stream().map(d -> Devices.label(Devices.available(Devices.parse(d)))).toList())));
    }

    /** Spark's settings: Spark decides how many candidates train at once, and which GPU each task gets. */
    SparkBackend.Settings spark() {
        if (workers != 1) {
            throw new TinyVitException("--spark and --workers " + workers + " cannot be combined: Spark trains as many candidates at once as it has task slots");
        }
        if (devices != null) {
            throw new TinyVitException("--devices does not apply with --spark: each task's worker trains on the GPU Spark gives the task (spark.task.resource.gpu.amount), or the CPU");
        }
        SparkBackend.Settings settings = flag("--spark", () -> SparkBackend.Settings.of(spark));
        settings = given(settings, threads, "--threads", SparkBackend.Settings::withThreads);
        return given(settings, candidateTimeout, "--candidate-timeout", SparkBackend.Settings::withCandidateTimeout);
    }

    /** {@code settings} changed by {@code with} when the flag {@code name} was given ({@code value} is not null); a refusal names the flag. */
    private static <S, V> S given(S settings, V value, String name, BiFunction<S, V, S> with) {
        return value == null ? settings : flag(name, () -> with.apply(settings, value));
    }

    /** {@code make}'s result; its refusal with the flag that caused it. */
    private static <T> T flag(String name, Supplier<T> make) {
        try {
            return make.get();
        } catch (TinyVitException e) {
            throw new TinyVitException(e.getMessage() + " (" + name + ")", e);
        }
    }

    /** A duration as a number and a unit (ms, s, m, h, d), or in ISO-8601 ({@code PT30M}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                double amount = Double.parseDouble(m.group(1));
                long millisPerUnit = switch (m.group(2)) {
                    case "ms" -> 1;
                    case "s" -> 1_000;
                    case "m" -> 60_000;
                    case "h" -> 3_600_000;
                    default -> 86_400_000;
                };
                return Duration.ofMillis(Math.round(amount * millisPerUnit));
            }
            try {
                return Duration.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a duration: write a number and a unit, e.g. 30m, 90s, 1h or 500ms");
            }
        }
    }
}
