package org.tinyvit.search.worker;

import ai.djl.engine.Engine;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.tinyvit.TinyVitException;
import org.tinyvit.search.CandidateEvaluation;
import org.tinyvit.model.Devices;
import org.tinyvit.search.DistillationProxy;
import org.tinyvit.search.Execution;
import org.tinyvit.search.JournalEntry;
import org.tinyvit.search.ProxyTrainer;

/**
 * A worker process of a {@link WorkerPoolBackend}: reads a setup and then candidates from stdin,
 * trains each in turn (one training per JVM) and answers on stdout ({@link WorkerMessages});
 * stderr is its log. It exits when stdin closes or its parent (the driver) is gone, and with
 * status 2 on a message it cannot read or a setup it cannot carry out.
 *
 * <pre>{@code
 * java -cp CLASSPATH -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 org.tinyvit.search.worker.WorkerMain
 * }</pre>
 */
public final class WorkerMain {
    static final int BAD_INPUT = 2;
    /** Exit status when the driver disappeared: nobody is left to read the result. */
    static final int ORPHANED = 3;

    private WorkerMain() {}

    public static void main(String[] args) {
        // the protocol owns stdout; anything a library prints goes to the log instead
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(ORPHANED)));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            String first = in.readLine();
            if (first == null) {
                return;
            }
            serve(WorkerMessages.readSetup(first), in, protocol);
        } catch (TinyVitException e) {
            System.err.println(e.getMessage()); // the driver prefixes the worker's log lines with its name
            System.exit(BAD_INPUT);
        } catch (IOException e) {
            System.err.println("cannot read stdin (" + e.getMessage() + ")");
            System.exit(BAD_INPUT);
        }
    }

    private static void serve(WorkerMessages.Setup setup, BufferedReader in, PrintStream out) throws IOException {
        ProxyTrainer proxy = new DistillationProxy(setup.data().splits(), setup.store(), setup.proxy(),
                Devices.available(Devices.parse(setup.device())));
        Engine.getInstance(); // start the engine now, so its start is not counted in the first candidate's time
        String host = Execution.hostName();
        long pid = ProcessHandle.current().pid();
        send(out, WorkerMessages.write(new WorkerMessages.Ready(setup.worker(), host, pid, setup.device())));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            WorkerMessages.Job job = WorkerMessages.readJob(line);
            long start = System.nanoTime();
            JournalEntry entry = CandidateEvaluation.evaluate(proxy, job.candidate());
            Execution where = new Execution(host, pid, setup.worker(), setup.device(), 0, (System.nanoTime() - start) / 1e9);
            send(out, WorkerMessages.write(new WorkerMessages.Answer(job.id(), entry.withExecution(where))));
        }
    }

    private static void send(PrintStream out, String line) {
        out.println(line);
        if (out.checkError()) {
            // the driver closed our stdout: it is gone or has given up on us
            Runtime.getRuntime().halt(ORPHANED);
        }
    }
}
