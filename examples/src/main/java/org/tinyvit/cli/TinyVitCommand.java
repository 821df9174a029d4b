package org.tinyvit.cli;

import java.io.PrintWriter;
import org.tinyvit.OtherJobs;
import org.tinyvit.TinyVitException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code tinyvit} command line: one subcommand per job. */
@Command(name = "tinyvit", mixinStandardHelpOptions = true, version = "tinyvit 0.1.0",
        scope = CommandLine.ScopeType.INHERIT,
        description = "Small vision transformers in Java: TinyViT in DJL, distillation, search, model zoo.",
        subcommands = {ModelCommand.class, RunCommand.class, BenchCommand.class, TeacherCommand.class, LogitsCommand.class, DistillCommand.class, PipelineCommand.class, SearchCommand.class, FidelityCommand.class, TrainFamilyCommand.class, ZooCommand.class})
public final class TinyVitCommand implements Runnable {
    static final int USER_ERROR = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Show stack traces of errors.") boolean debug;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is required (try --help)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; user mistakes print one line on stderr. */
    public static int execute(String... args) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cli = new CommandLine(new TinyVitCommand());
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("tinyvit: " + e.getMessage().lines().findFirst().orElse("bad arguments") + " (see --help)");
            return USER_ERROR;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            TinyVitException user = userError(e);
            if (debug) {
                e.printStackTrace(err);
            }
            if (user != null) {
                err.println("tinyvit: " + user.getMessage());
                return USER_ERROR;
            }
            err.println("tinyvit: internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
            return 1;
        });
        cli.setExecutionStrategy(parsed -> {
            warnOfOtherJobs(parsed, cli.getErr());
            return new CommandLine.RunLast().execute(parsed);
        });
        return cli.execute(args);
    }

    /** Commands that only read files or run a model once: they take no cores worth warning about. */
    private static final java.util.Set<String> LIGHT = java.util.Set.of("model", "zoo");
    /** {@code -Dtinyvit.otherJobsWarning=false} (in {@code TINYVIT_JAVA_OPTS}) silences the line about other jobs. */
    public static final String OTHER_JOBS_WARNING = "tinyvit.otherJobsWarning";

    /** One line on stderr when other tinyvit jobs share the machine's cores with this command; nothing for help or a light command. */
    private static void warnOfOtherJobs(CommandLine.ParseResult parsed, PrintWriter err) {
        java.util.List<CommandLine> chain = parsed.asCommandLineList();
        boolean help = chain.stream().anyMatch(c -> c.isUsageHelpRequested() || c.isVersionHelpRequested());
        if (help || chain.size() < 2 || LIGHT.contains(chain.get(1).getCommandName())
                || !Boolean.parseBoolean(System.getProperty(OTHER_JOBS_WARNING, "true"))) {
            return;
        }
        java.util.List<OtherJobs.Job> others;
        try {
            others = OtherJobs.find();
        } catch (RuntimeException e) {
            return; // a process table this platform does not show: no warning, never a failed command
        }
        if (!others.isEmpty()) {
            err.println("tinyvit: " + (others.size() == 1 ? "another tinyvit process is" : others.size() + " other tinyvit processes are")
                    + " running on this machine (" + String.join("; ", others.stream().map(j -> "pid " + j.pid() + ": " + j.what()).toList())
                    + "); they share its " + Runtime.getRuntime().availableProcessors() + " cores, and each runs several times slower than alone");
            err.flush();
        }
    }

    private static TinyVitException userError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TinyVitException u) {
                return u;
            }
        }
        return null;
    }
}
