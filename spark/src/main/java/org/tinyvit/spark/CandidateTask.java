package org.tinyvit.spark;

import java.io.Serial;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.resource.ResourceInformation;
import org.tinyvit.search.Execution;
import org.tinyvit.search.JournalEntry;
import org.tinyvit.search.worker.WorkerCommand;
import org.tinyvit.search.worker.WorkerMain;
import org.tinyvit.search.worker.WorkerMessages;
import org.tinyvit.search.worker.WorkerProcess;

/**
 * What one Spark task does with its candidate (a {@code candidate} line of the worker protocol):
 * starts a worker JVM on this executor with the executor's java and jars, sends it the setup and
 * the candidate, and returns its {@code result} line. Whatever happens to the worker becomes the
 * entry's reason; only a worker that cannot start at all fails the task.
 */
final class CandidateTask implements Function<String, String> {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The name under which Spark hands a task its GPUs ({@code spark.task.resource.gpu.amount}). */
    static final String GPU = "gpu";

    private final String setup;
    private final int threads;
    /** The candidate timeout in milliseconds, 0 for none (Optional is not serializable). */
    private final long timeoutMillis;
    private final List<String> jvmOptions;
    /** When the driver handed the batch over, by its clock: a candidate's wait is counted from here. */
    private final long handedOverMillis;

    CandidateTask(String setup, int threads, Optional<Duration> timeout, List<String> jvmOptions, long handedOverMillis) {
        this.setup = setup;
        this.threads = threads;
        this.timeoutMillis = timeout.map(Duration::toMillis).orElse(0L);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.handedOverMillis = handedOverMillis;
    }

    @Override
    public String call(String candidateLine) {
        TaskContext task = TaskContext.get();
        String label = "spark task " + task.taskAttemptId() + ", executor " + SparkEnv.get().executorId();
        WorkerMessages.Setup shared = WorkerMessages.readSetup(setup);
        WorkerMessages.Setup own = new WorkerMessages.Setup(shared.data(), shared.store(), shared.proxy(), label, device(task));
        WorkerMessages.Job job = WorkerMessages.readJob(candidateLine);
        List<String> command = new WorkerCommand(threads, jvmOptions, ExecutorClassPath.of(WorkerMain.class.getClassLoader())).line();
        try (WorkerProcess worker = WorkerProcess.start(command, own, label)) {
            // by two machines' clocks on a cluster: as exact as they agree
            double waited = Math.max(0, System.currentTimeMillis() - handedOverMillis) / 1e3;
            JournalEntry entry = worker.evaluate(job.id(), job.candidate(), timeout(), waited);
            return WorkerMessages.write(new WorkerMessages.Answer(job.id(), entry));
        }
    }

    /** The first GPU Spark gave this task, or the CPU. */
    private static String device(TaskContext task) {
        return Optional.ofNullable(task.resourcesJMap().get(GPU)).map(ResourceInformation::addresses).filter(a -> a.length > 0)
                .map(a -> "gpu:" + a[0]).orElse(Execution.CPU);
    }

    private Optional<Duration> timeout() {
        return timeoutMillis == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(timeoutMillis));
    }
}
