package org.tinyvit.spark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSource;
import org.tinyvit.search.Candidate;
import org.tinyvit.search.EvaluationBackend;
import org.tinyvit.search.JournalEntry;
import org.tinyvit.search.ProxySettings;
import org.tinyvit.search.worker.WorkerCommand;
import org.tinyvit.search.worker.WorkerMessages;
import org.tinyvit.search.worker.WorkerProcess;

/**
 * Trains candidates on an Apache Spark cluster: each candidate of a batch is one Spark task,
 * which starts a worker JVM ({@link org.tinyvit.search.worker.WorkerMain}) of its own on its
 * executor, sends it the setup and that candidate over the worker protocol and returns the
 * journal entry it answers. The workers load the data and the logit store from their paths, so
 * both must be at the same path on every machine; the driver alone writes the journal. A worker
 * that dies or overruns the candidate timeout gives a failed entry, not a failed task, so Spark
 * does not retry a run that would fail again. The Spark context starts with the first batch and
 * stops with {@link #close}.
 *
 * <pre>{@code
 * try (var spark = new SparkBackend(SparkBackend.Settings.of("local[2]"), source, store, ProxySettings.defaults(1))) {
 *     List<JournalEntry> entries = spark.evaluate(candidates);
 * }
 * }</pre>
 */
public final class SparkBackend implements EvaluationBackend {
    /**
     * How the backend uses Spark. Everything else about the cluster (executor memory, cores,
     * GPUs per task) is Spark's own configuration: {@code spark-submit --conf}, or {@code spark.*}
     * system properties of the driver.
     *
     * @param master the Spark master URL: {@code local[N]}, {@code spark://host:7077}, {@code yarn}, {@code k8s://...}
     * @param appName the application's name in Spark's UI and logs
     * @param threadsPerTask the engine threads of each task's worker; empty for Spark's {@code spark.task.cpus}
     * @param candidateTimeout how long one candidate may train before its worker is stopped; empty for no limit
     * @param jvmOptions options added to each worker's JVM, after its executor's heap and stack limits and the engine's settings
     */
    public record Settings(String master, String appName, Optional<Integer> threadsPerTask, Optional<Duration> candidateTimeout,
            List<String> jvmOptions) {
        public static final String DEFAULT_APP_NAME = "tinyvit search";

        public Settings {
            if (master.isBlank()) {
                throw new TinyVitException("a Spark master URL is needed, e.g. local[2], spark://host:7077, yarn or k8s://https://host:443");
            }
            threadsPerTask.ifPresent(WorkerCommand::checkThreads);
            WorkerProcess.checkTimeout(candidateTimeout);
            jvmOptions = List.copyOf(jvmOptions);
        }

        /** Tasks on {@code master}, with as many engine threads as Spark gives each task cores, without a timeout. */
        public static Settings of(String master) {
            return new Settings(master, DEFAULT_APP_NAME, Optional.empty(), Optional.empty(), List.of());
        }

        public Settings withThreads(int threads) {
            return new Settings(master, appName, Optional.of(threads), candidateTimeout, jvmOptions);
        }

        public Settings withCandidateTimeout(Duration timeout) {
            return new Settings(master, appName, threadsPerTask, Optional.of(timeout), jvmOptions);
        }

        public Settings withJvmOptions(List<String> options) {
            return new Settings(master, appName, threadsPerTask, candidateTimeout, options);
        }

        public Settings withAppName(String name) {
            return new Settings(master, name, threadsPerTask, candidateTimeout, jvmOptions);
        }
    }

    private final Settings settings;
    /** The setup every task's worker gets, as its protocol line: the task fills in who the worker is and its device. */
    private final String setup;
    private Optional<JavaSparkContext> spark = Optional.empty();

    /** A backend whose workers train on {@code store} with {@code proxy}, each loading {@code data} itself. */
    public SparkBackend(Settings settings, DataSource data, Path store, ProxySettings proxy) {
        this.settings = settings;
        this.setup = WorkerMessages.write(new WorkerMessages.Setup(data, store, proxy, "", ""));
    }

    @Override
    public List<JournalEntry> evaluate(List<Candidate> candidates) {
        long handedOver = System.currentTimeMillis(); // the first batch waits for Spark to start, as a pool's for its workers
        JavaSparkContext context = context();
        List<String> jobs = IntStream.range(0, candidates.size())
                .mapToObj(i -> WorkerMessages.write(new WorkerMessages.Job(i, candidates.get(i)))).toList();
        CandidateTask task = new CandidateTask(setup, threads(context), settings.candidateTimeout(), settings.jvmOptions(), handedOver);
        List<String> answers = run(context, jobs, task);
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            WorkerMessages.Answer answer = WorkerMessages.readAnswer(answers.get(i));
            if (answer.id() != i) {
                throw new TinyVitException("Spark answered candidate " + answer.id() + " in place of candidate " + i + " of the batch");
            }
            entries.add(answer.entry());
        }
        return entries;
    }

    /** One task per candidate (a slice each), collected in the candidates' order. */
    private static List<String> run(JavaSparkContext context, List<String> jobs, CandidateTask task) {
        try {
            return context.parallelize(jobs, jobs.size()).map(task).collect();
        } catch (Exception e) { // Spark throws its checked SparkException without declaring it
            throw failed(e);
        }
    }

    /** The reason a job failed in one line: a task's own refusal (a worker that cannot start) where there is one. */
    private static TinyVitException failed(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TinyVitException own) {
                return new TinyVitException("a Spark task could not train its candidate: " + own.getMessage(), e);
            }
        }
        return new TinyVitException("the Spark job training the candidates failed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
    }

    private JavaSparkContext context() {
        if (spark.isEmpty()) {
            JavaSparkContext context = new JavaSparkContext(new SparkConf().setMaster(settings.master()).setAppName(settings.appName()));
            // a cancelled job (the search stopped) interrupts its tasks, which stop their workers
            context.setInterruptOnCancel(true);
            System.err.printf(Locale.ROOT, "tinyvit search: training in Spark tasks on %s (application %s), a worker process per candidate with %d engine threads%n",
                    settings.master(), context.sc().applicationId(), threads(context));
            spark = Optional.of(context);
        }
        return spark.get();
    }

    /** The engine threads of each worker: as set, or as many as Spark gives each task cores. */
    private int threads(JavaSparkContext context) {
        return settings.threadsPerTask().orElse(context.getConf().getInt("spark.task.cpus", 1));
    }

    /** Stops the Spark context, if a batch started one. */
    @Override
    public void close() {
        spark.ifPresent(JavaSparkContext::stop);
        spark = Optional.empty();
    }
}
