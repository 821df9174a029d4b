package org.tinyvit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tinyvit.TinyVitException;
import org.tinyvit.distill.LogitStore;
import org.tinyvit.distill.RunMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: teacher → logit store → sparse-kd student on Fashion-MNIST (or --data), each
 * step skipped when an earlier run already finished it in the same folder.
 */
@Command(name = "pipeline", description = "Teacher, logit store and a sparse-kd student in one go; finished steps are reused.")
final class PipelineCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "runs/pipeline", description = "Folder of the run (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--teacher-preset", defaultValue = "tinyvit-21m", description = "Teacher architecture (default ${DEFAULT-VALUE}).")
    String teacherPreset;

    @Option(names = "--student-preset", defaultValue = "tinyvit-5m", description = "Student architecture (default ${DEFAULT-VALUE}).")
    String studentPreset;

    @Option(names = "--train-samples", defaultValue = "10000", description = "Training images used (default ${DEFAULT-VALUE}; 54000 is the whole train split).")
    int trainSamples;

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs of teacher, store and student (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--data", description = "Data folder (see the other commands).")
    Path data;

    @Override
    public Integer call() {
        Path teacher = out.resolve("teacher");
        Path store = out.resolve("logits");
        Path student = out.resolve("student");
        String samples = Integer.toString(trainSamples);
        String n = Integer.toString(epochs);
        step("1/3 teacher", finished(teacher), "teacher", "--preset", teacherPreset, "--drop-path", "0.1", "--epochs", n,
                "--train-samples", samples, "--out", teacher.toString());
        step("2/3 logits", LogitStore.epochs(store).size() >= epochs, "logits", "--teacher", teacher.toString(), "--epochs", n,
                "--train-samples", samples, "--out", store.toString(), "--verify");
        step("3/3 student", finished(student), "distill", "--preset", studentPreset, "--loss", "sparse-kd", "--logits", store.toString(),
                "--epochs", n, "--train-samples", samples, "--out", student.toString());
        System.out.println("pipeline finished: teacher " + teacher + ", store " + store + ", student " + student);
        return 0;
    }

    /** A training folder is finished when its metrics have a test accuracy. */
    private static boolean finished(Path dir) {
        try {
            Path metrics = dir.resolve(RunMetrics.FILE);
            return Files.isRegularFile(metrics) && org.tinyvit.io.Json.parse(Files.readString(metrics)).path("testAccuracy").isNumber();
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private void step(String label, boolean done, String... args) {
        if (done) {
            System.err.println("tinyvit pipeline " + label + ": reusing the finished step in " + out);
            return;
        }
        System.err.println("tinyvit pipeline " + label + ": tinyvit " + String.join(" ", args));
        List<String> all = new ArrayList<>(List.of(args));
        if (data != null) {
            all.add("--data");
            all.add(data.toString());
        }
        int code = TinyVitCommand.execute(all.toArray(String[]::new));
        if (code != 0) {
            throw new TinyVitException("pipeline step " + label + " failed (exit " + code + ")");
        }
    }
}
