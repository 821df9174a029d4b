package org.tinyvit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.TinyVitException;
import org.tinyvit.distill.RunMetrics;

class TrainingCurvesTest {
    @TempDir
    Path dir;

    private static RunMetrics run(RunMetrics.Epoch... epochs) {
        return new RunMetrics("sparse-kd", List.of(epochs), epochs[epochs.length - 1].valAccuracy(), 0.91, 1.0, 10, 100);
    }

    @Test
    void eachPointIsTheRunsMinutesSoFarAndItsValidationAccuracy() {
        RunMetrics metrics = run(new RunMetrics.Epoch(0, 0.9, 0.5, 60), new RunMetrics.Epoch(1, 0.7, Double.NaN, 90),
                new RunMetrics.Epoch(2, 0.5, 0.7, 30));
        List<TrainingCurves.Point> points = TrainingCurves.points(metrics);
        assertEquals(List.of(new TrainingCurves.Point(1.0, 0.5), new TrainingCurves.Point(3.0, 0.7)), points,
                "an epoch without validation adds its minutes to the next point and no point of its own");
    }

    @Test
    void theRunsAreDrawnAsAPng() throws Exception {
        Path file = TrainingCurves.write(dir.resolve(TrainingCurves.FILE), List.of(
                new TrainingCurves.Run("teacher", run(new RunMetrics.Epoch(0, 0.9, 0.80, 300), new RunMetrics.Epoch(1, 0.5, 0.88, 300))),
                new TrainingCurves.Run("5M member", run(new RunMetrics.Epoch(0, 0.9, 0.85, 120), new RunMetrics.Epoch(1, 0.5, 0.90, 120)))));
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(600, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, "lines, markers and text, not a blank image: " + colours.size() + " colours");
        try (var left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "written atomically: no temporary file left beside it");
        }
    }

    @Test
    void runsWithoutAValidatedEpochAreRefusedNamingTheFile() {
        Path file = dir.resolve(TrainingCurves.FILE);
        TinyVitException e = assertThrows(TinyVitException.class, () -> TrainingCurves.write(file,
                List.of(new TrainingCurves.Run("teacher", run(new RunMetrics.Epoch(0, 0.9, Double.NaN, 60))))));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertFalse(Files.exists(file));
    }
}
