package org.tinyvit.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.tinyvit.cli.CommandLineTest;
import org.tinyvit.examples.PocketSpace;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentSpec;

/**
 * A small teacher and logit store on Fashion-MNIST, made once per test JVM through the command
 * line and shared by the search tests (the teacher is most of a search test's time), and two
 * budgets derived from {@link PocketSpace}'s seed.
 *
 * @param store the logit store of 1,200 training images, one epoch
 * @param budgets {@code --budgets P1,P2 --macs M1,M2} at 80% and 55% of the seed's cost
 */
record SmallStore(Path store, String[] budgets) {
    static final String SAMPLES = "1200";
    private static SmallStore made;

    static synchronized SmallStore get() {
        if (made == null) {
            made = make();
        }
        return made;
    }

    private static SmallStore make() {
        try {
            Path dir = Files.createTempDirectory("tinyvit-small-store");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            Path teacher = dir.resolve("teacher");
            Path store = dir.resolve("logits");
            StudentSpec seed = PocketSpace.seed().toSpec();
            Path specFile = dir.resolve("teacher.json");
            Files.writeString(specFile, seed.key());
            run("teacher", "--spec", specFile.toString(), "--epochs", "1", "--train-samples", SAMPLES, "--batch", "16", "--lr", "2e-3", "--out", teacher.toString());
            run("logits", "--teacher", teacher.toString(), "--epochs", "1", "--train-samples", SAMPLES, "--out", store.toString());
            StudentSpec deployed = Families.deployed(seed);
            long params = Families.params(deployed);
            long macs = Families.macs(deployed);
            return new SmallStore(store, new String[] {
                "--budgets", (long) (params * 0.8) + "," + (long) (params * 0.55),
                "--macs", (long) (macs * 0.8) + "," + (long) (macs * 0.55)});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... args) {
        CommandLineTest.Result r = CommandLineTest.tinyvit(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
