package org.tinyvit.search;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where a candidate was trained and how long it waited for and occupied its worker: part of
 * every {@link JournalEntry}, so a journal shows how a search used its machines.
 *
 * <pre>{@code
 * Execution e = entry.execution();  // e.g. host "node-3", pid 41213, worker "2", device "cpu", waited 1.9 s, trained 12.4 s
 * }</pre>
 *
 * @param host the machine's name; empty when not recorded (journals of format 1)
 * @param pid the process that trained it; 0 when not recorded
 * @param worker the worker's id within its pool, or {@link #IN_PROCESS}
 * @param device the label of the device the worker trained on
 * @param waitSeconds from the batch reaching the backend to the candidate's start
 * @param trainSeconds from the candidate's start to its entry; for a worker that died or timed
 *     out, until the driver noticed
 */
public record Execution(String host, long pid, String worker, String device, double waitSeconds, double trainSeconds) {
    public static final String IN_PROCESS = "in-process";
    public static final String CPU = "cpu";
    private static final String HOST = hostName();

    /** A run in this process, on the CPU, that started at once. */
    public static Execution here(double trainSeconds) {
        return new Execution(HOST, ProcessHandle.current().pid(), IN_PROCESS, CPU, 0, trainSeconds);
    }

    /** What a format-1 journal line implies: an in-process CPU run of {@code seconds}, host, pid and wait unrecorded. */
    static Execution unrecorded(double seconds) {
        return new Execution("", 0, IN_PROCESS, CPU, 0, seconds);
    }

    /** The same run, done by {@code worker} on {@code device}. */
    public Execution on(String worker, String device) {
        return new Execution(host, pid, worker, device, waitSeconds, trainSeconds);
    }

    /** The same run after waiting {@code seconds} for a worker. */
    public Execution waited(double seconds) {
        return new Execution(host, pid, worker, device, seconds, trainSeconds);
    }

    /** This machine's name, as other machines of a cluster would know it; "localhost" when it has none. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
