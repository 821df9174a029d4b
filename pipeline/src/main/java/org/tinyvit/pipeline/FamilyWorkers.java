package org.tinyvit.pipeline;

import ai.djl.Device;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSource;
import org.tinyvit.search.Execution;
import org.tinyvit.search.worker.WorkerCommand;
import org.tinyvit.search.worker.WorkerPoolBackend;

/**
 * Trains a family's members side by side, each in a worker JVM of its own ({@link FamilyWorkerMain}),
 * since DJL allows one training per JVM. On a CPU two single-threaded trainings do somewhat more
 * work than one on two threads (measured on 2 cores: the default family's step 8 % shorter, short
 * search runs 1.3 times the throughput), and on a machine with one GPU per worker each member gets its own.
 * The largest member starts first; each worker writes its member's checkpoint, which
 * {@link FamilyTraining} then reuses (and checks: the same model, data and recipe) and installs.
 *
 * <pre>{@code
 * var workers = FamilyWorkers.Settings.of(2, DataSource.fashionMnist(null));
 * FamilyTraining.run(FamilyTraining.Settings.of(familyFile, store, data, config, out).withWorkers(workers));
 * }</pre>
 */
public final class FamilyWorkers {
    private static final int LOG_LINES = 10;

    private FamilyWorkers() {}

    /**
     * @param workers worker processes, each training one member at a time
     * @param threadsPerWorker the engine threads of each worker; 0 for the cores divided among the workers that run (fewer when
     *     fewer members are left to train than there are workers)
     * @param source the data, which each worker loads itself
     * @param devices the device labels the workers are given in turn (one GPU each, say)
     * @param jvmOptions options added to each worker's JVM
     */
    public record Settings(int workers, int threadsPerWorker, DataSource source, List<String> devices, List<String> jvmOptions) {
        public Settings {
            if (workers < 1) {
                throw new TinyVitException("a family needs at least one worker, got " + workers);
            }
            if (threadsPerWorker != 0) {
                WorkerCommand.checkThreads(threadsPerWorker);
            }
            if (devices.isEmpty()) {
                throw new TinyVitException("family workers need at least one device label");
            }
            devices = List.copyOf(devices);
            jvmOptions = List.copyOf(jvmOptions);
        }

        /** {@code workers} workers on the CPU sharing this machine's cores. */
        public static Settings of(int workers, DataSource source) {
            return new Settings(workers, 0, source, List.of(Execution.CPU), List.of());
        }

        /**
         * The default for {@code members} members on {@code device}: on a CPU, one worker per core up to one per member, sharing the
         * cores; empty (one after the other in this process) on a GPU, or when that makes one worker.
         */
        public static Optional<Settings> defaults(int members, DataSource source, Device device) {
            int workers = perCore(members);
            return device.isGpu() || workers <= 1 ? Optional.empty() : Optional.of(of(workers, source));
        }

        /** One worker per core, at most one per member. */
        public static int perCore(int members) {
            return Math.min(members, Runtime.getRuntime().availableProcessors());
        }

        public Settings withThreads(int threads) {
            return new Settings(workers, threads, source, devices, jvmOptions);
        }

        /** The same workers loading {@code data}. */
        public Settings reading(DataSource data) {
            return new Settings(workers, threadsPerWorker, data, devices, jvmOptions);
        }

        public Settings withDevices(List<String> labels) {
            return new Settings(workers, threadsPerWorker, source, labels, jvmOptions);
        }

        public Settings withJvmOptions(List<String> options) {
            return new Settings(workers, threadsPerWorker, source, devices, options);
        }
    }

    /** One member for a worker: its index in family.json, its name, and what orders the work (largest first). */
    record Job(int member, String name, long macs) {}

    /**
     * Trains {@code jobs} in the workers, largest first, each with {@code family}'s settings; a
     * member whose worker fails is named with its exit and last log line once every worker is done.
     */
    static void train(FamilyTraining.Settings family, String prefix, List<Job> jobs, Settings s) {
        List<Job> order = new ArrayList<>(jobs);
        order.sort(Comparator.comparingLong(Job::macs).reversed());
        ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>(order);
        int workers = Math.min(s.workers(), order.size());
        int threads = s.threadsPerWorker() > 0 ? s.threadsPerWorker() : WorkerPoolBackend.Settings.defaultThreads(workers);
        boolean onCpu = s.devices().stream().allMatch(Execution.CPU::equals);
        StatusLine status = new StatusLine();
        Rebalancing rebalancing = new Rebalancing(Runtime.getRuntime().availableProcessors(), workers, threads,
                s.threadsPerWorker() == 0 && onCpu && workers > 1, status);
        System.err.printf(Locale.ROOT, "tinyvit train-family: %d members in %d worker processes, %d engine threads each%s%n", order.size(),
                workers, threads, rebalancing.enabled ? " (a worker left training alone takes the cores of those done)" : "");
        List<String> command = WorkerCommand.of(threads, s.jvmOptions()).line(FamilyWorkerMain.class.getName());
        ExecutorService slots = Executors.newFixedThreadPool(workers, Thread.ofPlatform().daemon().name("family-worker-", 1).factory());
        List<String> failures = new ArrayList<>();
        try {
            List<Future<List<String>>> work = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String device = s.devices().get(w % s.devices().size());
                work.add(slots.submit(() -> {
                    List<String> failed = new ArrayList<>();
                    try {
                        for (Job job = queue.poll(); job != null; job = queue.poll()) {
                            run(command, FamilyWorkerMain.job(family, prefix, job.member(), s.source(), device), job.name(), status,
                                    rebalancing).ifPresent(failed::add);
                        }
                    } finally {
                        rebalancing.workerDone();
                    }
                    return failed;
                }));
            }
            for (Future<List<String>> f : work) {
                failures.addAll(f.get());
            }
        } catch (ExecutionException e) {
            throw new TinyVitException("the family workers failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TinyVitException("interrupted while the family workers trained");
        } finally {
            slots.shutdownNow();
            status.end();
        }
        if (!failures.isEmpty()) {
            throw new TinyVitException(String.join("; ", failures) + " (the members that finished are kept and reused when run again)");
        }
    }

    /** Runs one member's worker to its end; a description of what went wrong, or empty. */
    private static Optional<String> run(List<String> command, String job, String name, StatusLine status, Rebalancing rebalancing) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start(); // a worker's stdout is log too (the JVM's own start errors)
        } catch (IOException e) {
            return Optional.of(name + ": cannot start its worker (" + e.getMessage() + ")");
        }
        // stdin stays open while the member trains: the way to more engine threads when other workers are done
        try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            in.write(job);
            in.write('\n');
            in.flush();
            rebalancing.started(name, in);
            List<String> log;
            try {
                log = status.follow(name, process.getInputStream());
            } finally {
                rebalancing.ended(name);
            }
            int code = process.waitFor();
            return code == 0 ? Optional.empty()
                    : Optional.of(name + " failed in its worker (pid " + process.pid() + "), exit code " + code
                            + (log.isEmpty() ? "" : ": " + log.getLast()));
        } catch (IOException e) {
            process.destroyForcibly();
            return Optional.of(name + ": its worker's pipes broke (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.of(name + ": stopped while training");
        }
    }

    /**
     * Who trains what, and the engine threads each worker should have. When threads are automatic
     * (the cores divided among the workers), a worker that finds no member left gives its cores
     * to those still training: each is sent a {@link FamilyWorkerMain#threadsMessage} on its stdin
     * and takes them from its next step. On 2 cores with a family of three, the largest member
     * trains alone on both cores once the other worker has done the two smaller ones.
     */
    static final class Rebalancing {
        final boolean enabled;
        private final int cores;
        /** The engine threads the workers were started with. */
        private final int launched;
        private final StatusLine status;
        /** The members in training, by name, with their worker's stdin. */
        private final Map<String, Writer> training = new LinkedHashMap<>();
        private int busyWorkers;
        private int threads;

        Rebalancing(int cores, int workers, int threads, boolean enabled, StatusLine status) {
            this.cores = cores;
            this.busyWorkers = workers;
            this.launched = threads;
            this.threads = threads;
            this.enabled = enabled;
            this.status = status;
        }

        /** A member's worker has its job; one that starts after another worker was done is given the larger share at once. */
        synchronized void started(String name, Writer workerInput) {
            training.put(name, workerInput);
            if (threads > launched) {
                send(name, workerInput);
            }
        }

        synchronized void ended(String name) {
            training.remove(name);
        }

        /** A worker found no member left: the cores divided among the workers still busy go to the members they train. */
        synchronized void workerDone() {
            busyWorkers--;
            int share = Math.max(1, cores / Math.max(1, busyWorkers));
            if (!enabled || share <= threads) {
                return;
            }
            threads = share;
            training.forEach(this::send);
        }

        private void send(String name, Writer in) {
            try {
                in.write(FamilyWorkerMain.threadsMessage(threads));
                in.write('\n');
                in.flush();
                status.say(String.format(Locale.ROOT, "tinyvit train-family: %s goes on with %d engine threads (the other workers are done)", name,
                        threads));
            } catch (IOException e) {
                // that worker is ending: nothing to give it
            }
        }
    }

    /**
     * The workers' stderr on this process's: their log lines with the member's name in front, and
     * their progress lines (which end in a carriage return) merged into one line with every
     * member's count and ETA, at most about once a second.
     */
    static final class StatusLine {
        private final Map<String, String> progress = new LinkedHashMap<>();
        private long lastPrint;
        private boolean onScreen;

        /** Reads {@code stream} to its end; its last log lines. */
        List<String> follow(String name, InputStream stream) throws IOException {
            List<String> log = new ArrayList<>();
            StringBuilder segment = new StringBuilder();
            try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                for (int c = reader.read(); c >= 0; c = reader.read()) {
                    if (c != '\r' && c != '\n') {
                        segment.append((char) c);
                        continue;
                    }
                    String text = segment.toString().strip();
                    segment.setLength(0);
                    if (text.isEmpty()) {
                        continue;
                    }
                    if (c == '\r') {
                        progressed(name, text);
                    } else {
                        logged(name, text);
                        log.add(text);
                        if (log.size() > LOG_LINES) {
                            log.removeFirst();
                        }
                    }
                }
            }
            String rest = segment.toString().strip();
            if (!rest.isEmpty()) {
                logged(name, rest);
                log.add(rest);
            }
            done(name);
            return log;
        }

        private synchronized void progressed(String name, String text) {
            progress.put(name, text);
            long now = System.nanoTime();
            if (now - lastPrint > 1_000_000_000L) {
                lastPrint = now;
                print();
            }
        }

        private void logged(String name, String text) {
            say("tinyvit " + name + ": " + text);
        }

        /** A line of its own, below the progress line if one is on screen. */
        synchronized void say(String line) {
            if (onScreen) {
                System.err.println();
                onScreen = false;
            }
            System.err.println(line);
        }

        private synchronized void done(String name) {
            progress.remove(name);
        }

        private void print() {
            List<String> parts = new ArrayList<>();
            progress.forEach((name, text) -> parts.add(name + " " + text));
            System.err.print("\r" + String.join(" | ", parts) + "  ");
            System.err.flush();
            onScreen = true;
        }

        synchronized void end() {
            if (onScreen) {
                System.err.println();
                onScreen = false;
            }
        }
    }
}
