package org.tinyvit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tinyvit.TinyVitException;
import org.tinyvit.distill.store.LogitStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: teacher → logit store → contraction search over 21M, 11M, 5M → longer
 * training of the chosen family, on Fashion-MNIST (or --data). Each step is skipped when an
 * earlier run already finished it in the same folder; an interrupted search resumes.
 */
@Command(name = "pipeline", description = "Teacher, logit store, search and train-family in one go; finished steps are reused.")
final class PipelineCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "runs/pipeline", description = "Folder of the run (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--teacher-preset", defaultValue = "tinyvit-21m", description = "Teacher architecture (default ${DEFAULT-VALUE}).")
    String teacherPreset;

    @Option(names = "--train-samples", defaultValue = "10000", description = "Training images used (default ${DEFAULT-VALUE}; 54000 is the whole train split).")
    int trainSamples;

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs of teacher, store and family training (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--budgets", defaultValue = "21M,11M,5M", description = "Parameter budgets of the search (default ${DEFAULT-VALUE}).")
    String budgets;

    @Option(names = "--generations", defaultValue = "3", description = "Search generations per budget (default ${DEFAULT-VALUE}).")
    int generations;

    @Option(names = "--population", defaultValue = "6", description = "Search population (default ${DEFAULT-VALUE}).")
    int population;

    @Option(names = "--proxy-samples", defaultValue = "1500", description = "Images per short run of a candidate (default ${DEFAULT-VALUE}).")
    int proxySamples;

    @Option(names = "--space", defaultValue = SearchCommand.DEFAULT_SPACE, description = "Student space class (default ${DEFAULT-VALUE}).")
    String space;

    @Option(names = "--data", description = "Data folder (see the other commands).")
    Path data;

    @Override
    public Integer call() {
        Path teacher = out.resolve("teacher");
        Path store = out.resolve("logits");
        Path search = out.resolve("search");
        Path family = out.resolve("family");
        String samples = Integer.toString(trainSamples);
        String n = Integer.toString(epochs);
        step("1/4 teacher", finished(teacher), "teacher", "--preset", teacherPreset, "--drop-path", "0.1", "--epochs", n,
                "--train-samples", samples, "--out", teacher.toString());
        step("2/4 logits", LogitStore.epochs(store).size() >= epochs, "logits", "--teacher", teacher.toString(), "--epochs", n,
                "--train-samples", samples, "--out", store.toString(), "--verify");
        List<String> searchArgs = new ArrayList<>(List.of("search", "--space", space, "--budgets", budgets, "--generations",
                Integer.toString(generations), "--population", Integer.toString(population), "--proxy-samples", Integer.toString(proxySamples),
                "--logits", store.toString(), "--out", search.toString()));
        if (Files.exists(search.resolve(org.tinyvit.search.Journal.FILE))) {
            searchArgs.add("--resume");
        }
        step("3/4 search", Files.isRegularFile(search.resolve(org.tinyvit.search.FamilyFile.FILE)), searchArgs.toArray(String[]::new));
        step("4/4 train-family", false, "train-family", "--family", search.resolve(org.tinyvit.search.FamilyFile.FILE).toString(),
                "--logits", store.toString(), "--epochs", n, "--out", family.toString());
        System.out.println("pipeline finished: teacher " + teacher + ", store " + store + ", search " + search + ", family " + family);
        return 0;
    }

    /** A training folder is finished when its metrics have a test accuracy; unreadable metrics mean run it again. */
    private static boolean finished(Path dir) {
        try {
            return Specs.finishedRun(dir) != null;
        } catch (TinyVitException e) {
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
