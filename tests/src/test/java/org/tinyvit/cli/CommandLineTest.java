package org.tinyvit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.checkpoint.Checkpoint;
import org.tinyvit.io.Json;
import org.tinyvit.io.Npy;
import org.tinyvit.model.NamedParameters;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.tinyvit.Presets;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

public class CommandLineTest {
    @TempDir
    Path dir;

    /** Output of one in-process run of the command line. */
    public record Result(int code, String out, String err) {}

    public static Result tinyvit(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = TinyVitCommand.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void modelJsonReportsTheExactParameterCountOfThePreset() {
        Result r = tinyvit("model", "--preset", "tinyvit-11m", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = Json.parse(r.out());
        assertEquals(10_996_972L, json.get("params").longValue());
        assertEquals(10_996_972L, json.get("paramsAnalytic").longValue());
        assertEquals(2.016e9, json.get("macs").doubleValue(), 0.005 * 2.016e9);
        assertEquals(448, json.get("spec").get("embedDims").get(3).intValue());
    }

    @Test
    void modelFlagsOverrideTheSpec() {
        Result r = tinyvit("model", "--preset", "tinyvit-5m", "--img-size", "28", "--classes", "10", "--in-chans", "1", "--json");
        JsonNode spec = Json.parse(r.out()).get("spec");
        assertEquals(28, spec.get("imgSize").intValue());
        assertEquals(10, spec.get("numClasses").intValue());
        assertEquals(1, spec.get("inChans").intValue());
    }

    @Test
    void runWritesTheLogitsOfTheGivenWeights() {
        TinyVitSpec spec = Presets.get("tinyvit-5m").withNumClasses(10).withImgSize(64);
        Path ckpt = dir.resolve("ckpt");
        float[] images = new float[2 * 3 * 64 * 64];
        Random random = new Random(7);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
        }
        float[] expected;
        try (StudentModel model = StudentModel.create(spec)) {
            NamedParameters.of(model.block()).forEach((name, p) -> {
                if (name.endsWith("bn.weight") || name.endsWith("attention_biases")) {
                    p.getArray().set(model.manager().randomUniform(0.5f, 1.5f, p.getArray().getShape()).toFloatArray());
                }
            });
            Checkpoint.save(ckpt, model);
            expected = model.block().apply(new ParameterStore(model.manager(), false),
                    model.manager().create(images, new Shape(2, 3, 64, 64)), false).toFloatArray();
        }
        Npy.write(dir.resolve("x.npy"), images, new long[] {2, 3, 64, 64});
        Result r = tinyvit("run", "--preset", "tinyvit-5m", "--classes", "10", "--img-size", "64",
                "--weights", ckpt.resolve(Checkpoint.WEIGHTS_FILE).toString(),
                "--input", dir.resolve("x.npy").toString(), "--output", dir.resolve("y.npy").toString());
        assertEquals(0, r.code(), r.err());
        Npy.FloatArray logits = Npy.read(dir.resolve("y.npy"));
        assertArrayEquals(new long[] {2, 10}, logits.shape());
        assertArrayEquals(expected, logits.data(), 1e-5f);
    }

    @Test
    void userMistakesExitNonZeroWithOneLineAndNoStackTrace() {
        Npy.write(dir.resolve("grey.npy"), new float[28 * 28], new long[] {1, 1, 28, 28});
        String[][] mistakes = {
            {"model", "--preset", "tinyvit-6m"},
            {"model", "--spec", dir.resolve("missing.json").toString()},
            {"model"},
            {"run", "--preset", "tinyvit-5m", "--input", dir.resolve("grey.npy").toString(), "--output", dir.resolve("o.npy").toString()},
            {"run", "--preset", "tinyvit-5m"},
            {"model", "--preset", "tinyvit-5m", "--classes", "many"},
            {"search", "--logits", dir.toString(), "--out", dir.resolve("s").toString(), "--candidate-timeout", "soon"},
            {"search", "--logits", dir.toString(), "--out", dir.resolve("s").toString(), "--workers", "0"},
            {"search", "--logits", dir.toString(), "--out", dir.resolve("s").toString(), "--workers", "2", "--threads", "0"},
            {"search", "--logits", dir.toString(), "--out", dir.resolve("s").toString(), "--spark", "local[2]", "--workers", "2"},
            {"search", "--logits", dir.toString(), "--out", dir.resolve("s").toString(), "--spark", "local[2]", "--devices", "cpu"},
            {"search", "--logits", dir.toString(), "--out", dir.resolve("s").toString(), "--spark", "local[2]", "--threads", "0"},
            {"search", "--logits", dir.toString(), "--out", dir.resolve("s").toString(), "--spark", " "},
        };
        for (String[] args : mistakes) {
            Result r = tinyvit(args);
            String what = String.join(" ", args) + " -> " + r.err();
            assertEquals(2, r.code(), what);
            assertTrue(r.err().startsWith("tinyvit: "), what);
            assertEquals(1, r.err().strip().lines().count(), what);
            assertFalse(r.err().contains("\tat "), what);
        }
    }

    @Test
    void aGpuThatIsNotThereIsRefusedInOneLine() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ai.djl.engine.Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        Result r = tinyvit("teacher", "--preset", "tinyvit-5m", "--device", "gpu:0", "--out", dir.resolve("t").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("tinyvit: device gpu:0 asked for, but DJL's PyTorch engine"), r.err());
    }

    @Test
    void debugShowsTheStackTrace() {
        Result r = tinyvit("model", "--preset", "tinyvit-6m", "--debug");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void everySubcommandPrintsItsHelp() {
        List<List<String>> paths = new ArrayList<>();
        collectSubcommands(new CommandLine(new TinyVitCommand()), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 10, "subcommands found: " + paths);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Result r = tinyvit(args.toArray(String[]::new));
            String what = String.join(" ", args) + " -> " + r.err();
            assertEquals(0, r.code(), what);
            assertTrue(r.out().startsWith("Usage: tinyvit " + String.join(" ", path)), what + r.out());
            assertTrue(r.out().contains("--help"), what + r.out());
        }
    }

    private static void collectSubcommands(CommandLine cli, List<String> path, List<List<String>> paths) {
        for (var sub : cli.getSubcommands().entrySet()) {
            List<String> subPath = new ArrayList<>(path);
            subPath.add(sub.getKey());
            paths.add(subPath);
            collectSubcommands(sub.getValue(), subPath, paths);
        }
    }
}
