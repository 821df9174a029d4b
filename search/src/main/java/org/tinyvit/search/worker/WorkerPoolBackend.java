package org.tinyvit.search.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSource;
import org.tinyvit.search.Candidate;
import org.tinyvit.search.EvaluationBackend;
import org.tinyvit.search.Execution;
import org.tinyvit.search.JournalEntry;
import org.tinyvit.search.ProxySettings;

/**
 * Trains candidates in a pool of worker JVMs on this machine ({@link WorkerMain}), one candidate
 * per worker at a time, since DJL allows one training per JVM. The workers start with the first
 * batch, load the data once and serve every later batch. A worker that dies, overruns the
 * candidate timeout or answers nonsense fails only its candidate, and a fresh worker takes its
 * place when there is more to train. Every run is seeded by the search, never by the worker, so
 * the entries do not depend on which worker trained what.
 *
 * <pre>{@code
 * try (var pool = new WorkerPoolBackend(WorkerPoolBackend.Settings.of(2), source, store, ProxySettings.defaults(1))) {
 *     List<JournalEntry> entries = pool.evaluate(candidates);
 * }
 * }</pre>
 */
public final class WorkerPoolBackend implements EvaluationBackend {
    /**
     * How the pool runs.
     *
     * @param workers worker processes, each training one candidate at a time
     * @param threadsPerWorker the engine threads of each worker (libtorch's intra-op threads)
     * @param candidateTimeout how long one candidate may take before its worker is stopped; empty for no limit
     * @param devices the device labels the workers are given in turn (recorded in the journal)
     * @param jvmOptions options added to each worker's JVM, after the driver's heap and stack limits and the engine's settings
     */
    public record Settings(int workers, int threadsPerWorker, Optional<Duration> candidateTimeout, List<String> devices, List<String> jvmOptions) {
        public Settings {
            if (workers < 1) {
                throw new TinyVitException("a worker pool needs at least one worker, got " + workers);
            }
            WorkerCommand.checkThreads(threadsPerWorker);
            WorkerProcess.checkTimeout(candidateTimeout);
            if (devices.isEmpty()) {
                throw new TinyVitException("a worker pool needs at least one device label");
            }
            devices = List.copyOf(devices);
            jvmOptions = List.copyOf(jvmOptions);
        }

        /** {@code workers} workers sharing this machine's cores, on the CPU, without a timeout. */
        public static Settings of(int workers) {
            return new Settings(workers, defaultThreads(workers), Optional.empty(), List.of(Execution.CPU), List.of());
        }

        /** The cores divided among the workers, at least one thread each. */
        public static int defaultThreads(int workers) {
            return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, workers));
        }

        public Settings withThreads(int threads) {
            return new Settings(workers, threads, candidateTimeout, devices, jvmOptions);
        }

        public Settings withCandidateTimeout(Duration timeout) {
            return new Settings(workers, threadsPerWorker, Optional.of(timeout), devices, jvmOptions);
        }

        /** The workers take these devices in turn: worker i trains on {@code devices[i mod n]} (one GPU each, say). */
        public Settings withDevices(List<String> labels) {
            return new Settings(workers, threadsPerWorker, candidateTimeout, labels, jvmOptions);
        }

        public Settings withJvmOptions(List<String> options) {
            return new Settings(workers, threadsPerWorker, candidateTimeout, devices, options);
        }
    }

    /** A candidate being trained now: by which worker and process, since when. */
    public record Assignment(String worker, long pid, Candidate candidate, Instant since) {}

    private final Settings settings;
    private final DataSource data;
    private final Path store;
    private final ProxySettings proxy;
    private final List<String> command;
    private final List<Slot> slots;
    private final ExecutorService threads;
    private final AtomicLong jobIds = new AtomicLong();
    private final Map<String, Assignment> running = new ConcurrentHashMap<>();
    private boolean announced;

    /** A pool whose workers train on {@code store} with {@code proxy}, each loading {@code data} itself. */
    public WorkerPoolBackend(Settings settings, DataSource data, Path store, ProxySettings proxy) {
        this.settings = settings;
        this.data = data;
        this.store = store;
        this.proxy = proxy;
        this.command = WorkerCommand.of(settings.threadsPerWorker(), settings.jvmOptions()).line();
        this.slots = IntStream.range(0, settings.workers()).mapToObj(Slot::new).toList();
        this.threads = Executors.newFixedThreadPool(settings.workers(), Thread.ofPlatform().daemon().name("worker-pool-", 1).factory());
    }

    @Override
    public List<JournalEntry> evaluate(List<Candidate> candidates) {
        return evaluate(candidates, (i, entry) -> {});
    }

    /** Each entry is told as soon as its worker answers. */
    @Override
    public List<JournalEntry> evaluate(List<Candidate> candidates, BiConsumer<Integer, JournalEntry> finished) {
        if (!announced) {
            announced = true;
            System.err.printf(Locale.ROOT, "tinyvit search: training in %d worker processes, %d engine threads each%n", settings.workers(),
                    settings.threadsPerWorker());
        }
        Batch batch = new Batch(candidates, System.nanoTime(), finished);
        List<Future<?>> work = slots.stream().<Future<?>>map(slot -> threads.submit(() -> slot.work(batch))).toList();
        Optional<TinyVitException> failure = Optional.empty();
        for (Future<?> f : work) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = failure.or(() -> Optional.of(e.getCause() instanceof TinyVitException t ? t
                        : new TinyVitException("the worker pool failed: " + e.getCause(), e.getCause())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TinyVitException("interrupted while the workers trained");
            }
        }
        failure.ifPresent(e -> {
            throw e;
        });
        return Arrays.asList(batch.entries);
    }

    /** The candidates being trained now and where: for dashboards, and for tests that stop a worker mid-candidate. */
    public List<Assignment> running() {
        return List.copyOf(running.values());
    }

    /** Ends every worker: their stdin is closed, and those still running after a grace period are stopped by force. */
    @Override
    public void close() {
        threads.shutdownNow();
        List<WorkerProcess> workers = slots.stream().flatMap(slot -> slot.worker.stream()).toList();
        workers.forEach(WorkerProcess::closeInput); // all at once: they wind down together
        workers.forEach(WorkerProcess::awaitExit);
    }

    /** One batch being handed out: the next candidate to give, the entries so far, who hears of each. */
    private static final class Batch {
        final List<Candidate> candidates;
        final long start;
        final JournalEntry[] entries;
        final BiConsumer<Integer, JournalEntry> finished;
        final AtomicInteger next = new AtomicInteger();
        final AtomicBoolean aborted = new AtomicBoolean();

        Batch(List<Candidate> candidates, long start, BiConsumer<Integer, JournalEntry> finished) {
            this.candidates = candidates;
            this.start = start;
            this.entries = new JournalEntry[candidates.size()];
            this.finished = finished;
        }
    }

    /** A place in the pool, with the worker process that currently fills it (if any). */
    private final class Slot {
        private final String id;
        private final String device;
        private Optional<WorkerProcess> worker = Optional.empty();

        Slot(int index) {
            this.id = Integer.toString(index + 1);
            this.device = settings.devices().get(index % settings.devices().size());
        }

        /** Takes the batch's candidates one at a time until none is left; a worker that cannot start ends the batch for every slot. */
        void work(Batch batch) {
            try {
                take(batch);
            } catch (RuntimeException e) {
                batch.aborted.set(true);
                throw e;
            }
        }

        private void take(Batch batch) {
            for (int i = batch.next.getAndIncrement(); i < batch.candidates.size() && !batch.aborted.get(); i = batch.next.getAndIncrement()) {
                Candidate candidate = batch.candidates.get(i);
                WorkerProcess w = ready();
                double waited = (System.nanoTime() - batch.start) / 1e9;
                running.put(id, new Assignment(id, w.pid(), candidate, Instant.now()));
                try {
                    batch.entries[i] = w.evaluate(jobIds.incrementAndGet(), candidate, settings.candidateTimeout(), waited);
                } finally {
                    running.remove(id);
                }
                batch.finished.accept(i, batch.entries[i]);
            }
        }

        /** The slot's live worker; a fresh one when there is none or the last one has died. */
        private WorkerProcess ready() {
            if (worker.isPresent() && !worker.get().alive()) {
                System.err.println("tinyvit search: " + worker.get().name() + " is gone; starting a fresh worker " + id);
                worker = Optional.empty();
            }
            if (worker.isEmpty()) {
                worker = Optional.of(WorkerProcess.start(command, new WorkerMessages.Setup(data, store, proxy, id, device), "worker " + id));
            }
            return worker.get();
        }
    }
}
