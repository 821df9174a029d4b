package org.tinyvit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tinyvit.OtherJobs;

/**
 * A command says when other tinyvit jobs share the machine: real processes whose command line is a
 * tinyvit command's, one started apart from this JVM (another user's job) and one as this JVM's
 * own child (a worker of this job, which is not another job).
 */
class OtherJobsTest {
    /** A process that looks like {@code tinyvit pipeline --out runs/elsewhere} to the process table, for 60 seconds. */
    private static final String LOOKS_LIKE_A_PIPELINE = "bash -c 'sleep 60; :' org.tinyvit.cli.TinyVitCommand pipeline --out runs/elsewhere --img-size 56";

    /**
     * Starts {@code commandLine} apart from this JVM (its parent exits at once, so it is nobody's
     * child here) and returns it once the process table shows its command line.
     */
    private static ProcessHandle startedApart(String commandLine) throws Exception {
        Process launcher = new ProcessBuilder("bash", "-c", commandLine + " >/dev/null 2>&1 </dev/null & echo $!").start();
        String pid = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(launcher.waitFor(10, TimeUnit.SECONDS));
        ProcessHandle process = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
        return shown(process);
    }

    /** {@code process} once its command line is its own (a forked shell shows its parent's for a moment). */
    private static ProcessHandle shown(ProcessHandle process) throws InterruptedException {
        for (int i = 0; i < 200 && OtherJobs.job(process).isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertTrue(OtherJobs.job(process).isPresent(), "a tinyvit look-alike: " + process.info());
        return process;
    }

    private String previous;

    @BeforeEach
    void warnAsCommandsDoOutsideTheTestSuite() {
        previous = System.setProperty(TinyVitCommand.OTHER_JOBS_WARNING, "true");
    }

    @AfterEach
    void asBefore() {
        if (previous == null) {
            System.clearProperty(TinyVitCommand.OTHER_JOBS_WARNING);
        } else {
            System.setProperty(TinyVitCommand.OTHER_JOBS_WARNING, previous);
        }
    }

    @Test
    void aTinyvitJobStartedElsewhereIsFoundAndNamedAndCommandsThatTrainSaySo() throws Exception {
        ProcessHandle other = startedApart(LOOKS_LIKE_A_PIPELINE);
        long pid = other.pid();
        try {
            OtherJobs.Job found = OtherJobs.find().stream().filter(j -> j.pid() == pid).findFirst().orElseThrow(
                    () -> new AssertionError("not found among " + OtherJobs.find()));
            assertEquals("tinyvit pipeline --out runs/elsewhere --img-size …", found.what());

            CommandLineTest.Result training = CommandLineTest.tinyvit("distill", "--logits", "/nonexistent/store", "--out", "/nonexistent/out");
            String warning = training.err().lines().filter(l -> l.contains("running on this machine")).findFirst().orElse("");
            assertTrue(warning.startsWith("tinyvit: "), training.err());
            assertTrue(warning.contains("pid " + pid + ": tinyvit pipeline --out runs/elsewhere"), warning);
            assertTrue(warning.contains("each runs several times slower than alone"), warning);

            for (String[] light : List.of(new String[] {"zoo", "list"}, new String[] {"distill", "--help"},
                    new String[] {"model", "--preset", "tinyvit-5m"})) {
                CommandLineTest.Result r = CommandLineTest.tinyvit(light);
                assertFalse(r.err().contains("running on this machine"), String.join(" ", light) + " reads files only: " + r.err());
            }
        } finally {
            other.destroy();
            other.onExit().get(10, TimeUnit.SECONDS);
        }
        assertTrue(OtherJobs.find().stream().noneMatch(j -> j.pid() == pid), "gone once it ended");
    }

    @Test
    void anotherJobsWorkerIsFoundThisJobsOwnAreNot() throws Exception {
        // a worker's class path comes before its main class and is longer than the 4 KiB of the command line the JDK shows
        String classPath = "/lib/a.jar:".repeat(500);
        String worker = "bash -c 'sleep 60; :' " + classPath + " org.tinyvit.pipeline.FamilyWorkerMain";
        ProcessHandle apart = startedApart(worker);
        Process child = new ProcessBuilder("bash", "-c", "sleep 60; :", classPath, "org.tinyvit.pipeline.FamilyWorkerMain").start();
        try {
            shown(child.toHandle());
            List<OtherJobs.Job> others = OtherJobs.find();
            OtherJobs.Job found = others.stream().filter(j -> j.pid() == apart.pid()).findFirst().orElseThrow(
                    () -> new AssertionError("not found among " + others));
            assertTrue(found.what().startsWith("a family worker of "), found.what());
            assertTrue(others.stream().noneMatch(j -> j.pid() == child.pid()), "but a child of this JVM is its own worker: " + others);
        } finally {
            apart.destroy();
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
