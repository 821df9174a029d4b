package org.tinyvit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The {@code ./tinyvit} launcher installs Fashion-MNIST before the commands that read it, and only
 * those: its {@code reads_data} (scripts/common.sh) asked in a real shell about real command lines.
 */
class LauncherTest {
    private static final Path COMMON = Path.of("").toAbsolutePath().getParent().resolve("scripts/common.sh");

    /** Whether {@code reads_data} says yes to the command line {@code args}. */
    private static boolean readsData(String... args) throws Exception {
        assertTrue(Files.isRegularFile(COMMON), "the launcher's functions at " + COMMON);
        List<String> command = new ArrayList<>(List.of("bash", "-c", ". \"$0\"; reads_data \"$@\"", COMMON.toString()));
        command.addAll(List.of(args));
        Process shell = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(shell.waitFor(30, TimeUnit.SECONDS));
        int status = shell.exitValue();
        assertTrue(status == 0 || status == 1, "reads_data exits 0 or 1, got " + status + ": " + new String(shell.getInputStream().readAllBytes()));
        return status == 0;
    }

    @Test
    void theCommandsThatTrainOnTheDataInstallIt() throws Exception {
        for (String command : List.of("pipeline", "teacher", "distill", "logits", "search", "train-family", "fidelity", "bench")) {
            assertTrue(readsData(command, "--out", "runs/x"), command);
        }
        assertTrue(readsData("pipeline"), "the main job with no flags");
        assertTrue(readsData("pipeline", "--recipe", "accurate", "--json"));
    }

    /** The launcher's list is a copy of which commands take {@code --data}; picocli says which do, so the copy cannot drift. */
    @Test
    void agreesWithTheCommandsThatTakeData() throws Exception {
        for (var command : new CommandLine(new TinyVitCommand()).getSubcommands().entrySet()) {
            assertEquals(takesData(command.getValue()), readsData(command.getKey(), "--out", "runs/x"), command.getKey());
        }
    }

    /** Whether {@code command} or one of its subcommands has a {@code --data} option. */
    private static boolean takesData(CommandLine command) {
        return command.getCommandSpec().findOption("--data") != null || command.getSubcommands().values().stream().anyMatch(LauncherTest::takesData);
    }

    @Test
    void othersAndOtherDataAndHelpDoNot() throws Exception {
        assertFalse(readsData());
        assertFalse(readsData("model", "--preset", "tinyvit-5m"));
        assertFalse(readsData("zoo", "list"));
        assertFalse(readsData("run", "--model", "tinyvit-5m"));
        assertFalse(readsData("pipeline", "--data", "/elsewhere"));
        assertFalse(readsData("teacher", "--data=/elsewhere", "--out", "runs/x"));
        assertFalse(readsData("search", "--help"));
        assertFalse(readsData("pipeline", "-h"));
    }
}
