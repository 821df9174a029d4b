package org.tinyvit.cli;

import java.io.PrintWriter;
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
        return cli.execute(args);
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
