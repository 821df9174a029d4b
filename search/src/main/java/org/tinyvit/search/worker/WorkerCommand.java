package org.tinyvit.search.worker;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tinyvit.TinyVitException;

/**
 * The command that starts a worker JVM ({@link WorkerMain}) from this JVM: this JVM's java and
 * its heap and stack limits, the engine's thread settings, a crash report in the temp folder,
 * extra options and a class path that holds the worker. The local pool gives it this JVM's class path; a Spark task gives it the
 * jars its executor was shipped.
 *
 * <pre>{@code
 * List<String> command = WorkerCommand.of(1, List.of("-Xmx4g")).line();
 * WorkerProcess worker = WorkerProcess.start(command, setup, "worker 1");
 * }</pre>
 *
 * @param threads the worker's engine threads (libtorch's intra-op threads)
 * @param jvmOptions options added after the inherited limits and the engine's settings, so they win
 * @param classPath the worker's class path, as {@code -cp} takes it
 */
public record WorkerCommand(int threads, List<String> jvmOptions, String classPath) {
    /** Options of this JVM its workers share: heap and stack limits. */
    private static final List<String> INHERITED = List.of("-Xmx", "-Xss");

    public WorkerCommand {
        checkThreads(threads);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** {@code threads}, refused when it is not a worker's engine thread count. */
    public static int checkThreads(int threads) {
        if (threads < 1) {
            throw new TinyVitException("a worker needs at least one engine thread, got " + threads);
        }
        return threads;
    }

    /** A worker on this JVM's class path. */
    public static WorkerCommand of(int threads, List<String> jvmOptions) {
        return new WorkerCommand(threads, jvmOptions, System.getProperty("java.class.path"));
    }

    /** The command that starts a {@link WorkerMain}. */
    public List<String> line() {
        return line(WorkerMain.class.getName());
    }

    /** The same JVM starting another main class (a family member's training, say). */
    public List<String> line(String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> INHERITED.stream().anyMatch(option::startsWith))
                .forEach(command::add);
        command.add("--enable-native-access=ALL-UNNAMED"); // as the launcher: JNA loads libtorch's helpers
        command.add("-Dai.djl.offline=" + System.getProperty("ai.djl.offline", "true"));
        // read once when the engine starts, so they are fixed for the worker's life
        command.add("-Dai.djl.pytorch.num_threads=" + threads);
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        // a worker stopped with its parent can die inside libtorch on its way out: its crash report goes to the temp folder, not the user's
        command.add("-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), "tinyvit-worker-hs_err_pid%p.log"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, mainClass));
        return command;
    }
}
