package org.tinyvit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The other tinyvit processes on this machine: commands and the workers they started, other than
 * this process, its ancestors and its own workers. Jobs side by side share the cores, and on a
 * small machine each then runs several times slower than alone (a 30-second test beside two
 * family workers on 2 cores got a fifth of a core and had not finished after 20 minutes), so a
 * command says so when it starts.
 *
 * <pre>{@code
 * for (OtherJobs.Job job : OtherJobs.find()) System.err.println(job.pid() + ": " + job.what());
 * }</pre>
 */
public final class OtherJobs {
    /** The main classes of tinyvit's processes, and what each one is. */
    private static final Map<String, String> MAIN_CLASSES = Map.of("org.tinyvit.cli.TinyVitCommand", "tinyvit",
            "org.tinyvit.pipeline.FamilyWorkerMain", "a family worker", "org.tinyvit.search.worker.WorkerMain", "a search worker");
    private static final int SHOWN_ARGUMENTS = 4;

    private OtherJobs() {}

    /** A tinyvit process: its id and what it runs ({@code tinyvit pipeline --out runs/x}, {@code a family worker of 1234}). */
    public record Job(long pid, String what) {}

    /** The tinyvit processes running now that are not this one, its ancestors or its descendants. */
    public static List<Job> find() {
        ProcessHandle self = ProcessHandle.current();
        Set<Long> mine = Stream.concat(Stream.concat(Stream.of(self), self.descendants()), ancestors(self)).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
        return ProcessHandle.allProcesses().filter(p -> !mine.contains(p.pid())).map(OtherJobs::job).flatMap(Optional::stream).toList();
    }

    /** What {@code process} runs, when it is a tinyvit process (whether or not it is another job's). */
    public static Optional<Job> job(ProcessHandle process) {
        List<String> args = arguments(process);
        for (int i = 0; i < args.size(); i++) {
            String kind = MAIN_CLASSES.get(args.get(i));
            if (kind == null) {
                continue;
            }
            if (!kind.equals("tinyvit")) {
                return Optional.of(new Job(process.pid(), kind + process.parent().map(p -> " of " + p.pid()).orElse("")));
            }
            List<String> command = new ArrayList<>(List.of(kind)); // the command and its first arguments
            List<String> rest = args.subList(i + 1, args.size());
            command.addAll(rest.subList(0, Math.min(rest.size(), SHOWN_ARGUMENTS)));
            if (rest.size() > SHOWN_ARGUMENTS) {
                command.add("…");
            }
            return Optional.of(new Job(process.pid(), String.join(" ", command)));
        }
        return Optional.empty();
    }

    /**
     * The process's arguments: on Linux read whole from {@code /proc}, because the JDK's own view
     * stops after 4 KiB, before a worker's main class when its class path is long.
     */
    private static List<String> arguments(ProcessHandle process) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        if (Files.isReadable(cmdline)) {
            try {
                List<String> all = List.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
                return all.isEmpty() ? all : all.subList(1, all.size());
            } catch (IOException e) {
                return List.of(); // ended meanwhile
            }
        }
        return List.of(process.info().arguments().orElse(new String[0]));
    }

    private static Stream<ProcessHandle> ancestors(ProcessHandle process) {
        return process.parent().map(p -> Stream.concat(Stream.of(p), ancestors(p))).orElse(Stream.empty());
    }
}
