package org.tinyvit.search.worker;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tinyvit.TinyVitException;
import org.tinyvit.search.Candidate;
import org.tinyvit.search.CandidateEvaluation;
import org.tinyvit.search.Execution;
import org.tinyvit.search.JournalEntry;

/**
 * One worker JVM as the process that started it sees it: started with its setup, then given one
 * candidate at a time. Whatever goes wrong with a candidate (the process dies, overruns its time,
 * answers nonsense) becomes that candidate's failed entry, and the process is stopped for good,
 * so that its pool starts a fresh one. The local pool keeps one per slot; a Spark task starts one
 * for its single candidate.
 *
 * <pre>{@code
 * try (WorkerProcess worker = WorkerProcess.start(WorkerCommand.of(1, List.of()).line(), setup, "worker 1")) {
 *     JournalEntry entry = worker.evaluate(1, candidate, Optional.of(Duration.ofMinutes(30)), 0);
 * }
 * }</pre>
 */
public final class WorkerProcess implements AutoCloseable {
    /** How long a worker may take to exit after its stdin closes (it finishes nothing; it only has to notice). */
    static final Duration EXIT_GRACE = Duration.ofSeconds(5);
    private static final int LOG_LINES = 10;
    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS",
            8, "SIGFPE", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    private final String id;
    /** What the worker is called in messages and before its log lines, e.g. "worker 1". */
    private final String label;
    private final String device;
    private final Process process;
    private final BufferedWriter input;
    /** The worker's stdout lines; empty once it is closed. */
    private final BlockingQueue<Optional<String>> output = new LinkedBlockingQueue<>();
    private final Deque<String> log = new ArrayDeque<>();
    /** Reads the worker's stderr into {@link #log}; it may lag behind the process's exit. */
    private final Thread stderrReader;
    private String host = Execution.hostName();

    private WorkerProcess(String id, String label, String device, Process process) {
        this.id = id;
        this.label = label;
        this.device = device;
        this.process = process;
        this.input = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        pump(process.getInputStream(), "stdout", line -> output.add(Optional.of(line)), () -> output.add(Optional.empty()));
        stderrReader = pump(process.getErrorStream(), "stderr", this::logged, () -> {});
    }

    /**
     * Starts {@code command}, sends {@code setup} and waits until the worker is ready; a worker
     * that cannot start stops the search. {@code label} names it in messages ("worker 1").
     */
    public static WorkerProcess start(List<String> command, WorkerMessages.Setup setup, String label) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new TinyVitException("cannot start " + label + " (" + e.getMessage() + ")");
        }
        WorkerProcess w = new WorkerProcess(setup.worker(), label, setup.device(), process);
        try {
            w.host = w.awaitReady(setup).host();
            return w;
        } catch (TinyVitException e) {
            w.kill();
            throw new TinyVitException(w.name() + " did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            w.kill();
            Thread.currentThread().interrupt();
            throw new TinyVitException(w.name() + " was stopped while starting");
        }
    }

    private WorkerMessages.Ready awaitReady(WorkerMessages.Setup setup) throws InterruptedException {
        Optional<String> line = send(WorkerMessages.write(setup)) ? output.take() : Optional.empty();
        return WorkerMessages.readReady(line.orElseThrow(() -> new TinyVitException(exitDescription())));
    }

    /** {@code timeout}, refused when it is not a usable candidate timeout. */
    public static Optional<Duration> checkTimeout(Optional<Duration> timeout) {
        if (timeout.isPresent() && !timeout.get().isPositive()) {
            throw new TinyVitException("a candidate timeout must be positive, got " + timeout.get().toMillis() + " ms");
        }
        return timeout;
    }

    public long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * The candidate's entry as the worker journaled it, or a failed entry naming what happened to
     * the worker; {@code waited} is how long the candidate waited for this worker.
     */
    public JournalEntry evaluate(long jobId, Candidate candidate, Optional<Duration> timeout, double waited) {
        long start = System.nanoTime();
        Optional<String> problem;
        try {
            Optional<String> line = send(WorkerMessages.write(new WorkerMessages.Job(jobId, candidate))) ? next(timeout, start) : Optional.empty();
            if (line == null) {
                kill();
                problem = Optional.of("timed out after " + seconds(timeout.orElseThrow()) + " s on " + name() + ", which was stopped");
            } else if (line.isEmpty()) {
                problem = Optional.of(name() + " died: " + exitDescription());
            } else {
                WorkerMessages.Answer answer = WorkerMessages.readAnswer(line.get());
                if (answer.id() != jobId) {
                    throw new TinyVitException("answered candidate " + answer.id() + " when asked for " + jobId);
                }
                return answer.entry().withExecution(answer.entry().execution().waited(waited));
            }
        } catch (TinyVitException e) {
            kill();
            problem = Optional.of(name() + " answered something unreadable, and was stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            problem = Optional.of("the search was stopped while " + name() + " trained it");
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.err.println("tinyvit search: " + problem.get());
        return CandidateEvaluation.failed(candidate, problem.get(), elapsed, new Execution(host, pid(), id, device, waited, elapsed));
    }

    /** The next line, empty when the worker closed its output, null when {@code timeout} (counted from {@code start}) ran out. */
    private Optional<String> next(Optional<Duration> timeout, long start) throws InterruptedException {
        if (timeout.isEmpty()) {
            return output.take();
        }
        long left = timeout.get().toNanos() - (System.nanoTime() - start);
        return output.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
    }

    /** Ends the worker: closes its stdin and waits for it, stopping it by force after {@link #EXIT_GRACE}. */
    @Override
    public void close() {
        closeInput();
        awaitExit();
    }

    /** Closes the worker's stdin, which tells it to end. */
    void closeInput() {
        try {
            input.close();
        } catch (IOException e) {
            // already gone: nothing to tell
        }
    }

    /** Waits for the worker to end after {@link #closeInput}; stops it by force after {@link #EXIT_GRACE}. */
    void awaitExit() {
        try {
            if (!process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }

    private void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Its label and pid, e.g. "worker 1 (pid 1234)". */
    public String name() {
        return label + " (pid " + process.pid() + ")";
    }

    private boolean send(String line) {
        try {
            input.write(line);
            input.newLine();
            input.flush();
            return true;
        } catch (IOException e) {
            return false; // the worker is gone; its exit tells why
        }
    }

    /** How the process ended: its exit code, the signal behind it, or its last log line. */
    private String exitDescription() {
        try {
            if (!process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                return "it closed its output and was stopped";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "it closed its output";
        }
        int code = process.exitValue();
        try {
            stderrReader.join(EXIT_GRACE.toMillis()); // its last lines may still be in the pipe
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (code > 128 && code < 160) {
            // the JVM reports a process ended by signal n as 128 + n
            return "exit code " + code + " (" + SIGNALS.getOrDefault(code - 128, "signal " + (code - 128)) + ")";
        }
        return "exit code " + code + lastLogLine().map(l -> "; its last log line: " + l).orElse("");
    }

    private synchronized void logged(String line) {
        if (line.isBlank()) {
            return; // libtorch starts its warnings with an empty line
        }
        System.err.println("tinyvit " + label + ": " + line);
        log.addLast(line);
        if (log.size() > LOG_LINES) {
            log.removeFirst();
        }
    }

    private synchronized Optional<String> lastLogLine() {
        return Optional.ofNullable(log.peekLast());
    }

    private Thread pump(InputStream stream, String what, Consumer<String> onLine, Runnable onEnd) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // the pipe broke with the process: the end is handled below
            } finally {
                onEnd.run();
            }
        }, label.replace(' ', '-') + "-" + what);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }
}
