package org.tinyvit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    void everyRunIsDrawnIntoAPng() throws Exception {
        TrainingCurves.Run teacher = new TrainingCurves.Run("teacher", run(new RunMetrics.Epoch(0, 0.9, 0.80, 300), new RunMetrics.Epoch(1, 0.5, 0.88, 300)));
        TrainingCurves.Run member = new TrainingCurves.Run("5M member", run(new RunMetrics.Epoch(0, 0.9, 0.85, 120), new RunMetrics.Epoch(1, 0.5, 0.90, 120)));
        Path both = TrainingCurves.write(dir.resolve("both").resolve(TrainingCurves.FILE), List.of(teacher, member)).orElseThrow();
        Path memberOnly = TrainingCurves.write(dir.resolve("member").resolve(TrainingCurves.FILE), List.of(member)).orElseThrow();
        BufferedImage image = ImageIO.read(both.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(600, image.getHeight());
        BufferedImage without = ImageIO.read(memberOnly.toFile());
        int differing = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                differing += image.getRGB(x, y) != without.getRGB(x, y) ? 1 : 0;
            }
        }
        assertTrue(differing > 1000, "the teacher's line and legend entry are drawn: " + differing + " pixels differ");
        try (var left = Files.list(both.getParent())) {
            assertEquals(List.of(both), left.toList(), "written atomically: no temporary file left beside it");
        }
    }

    @Test
    void nothingIsWrittenWhenNoRunHasAValidatedEpoch() {
        Path file = dir.resolve(TrainingCurves.FILE);
        assertTrue(TrainingCurves.write(file, List.of(new TrainingCurves.Run("teacher", run(new RunMetrics.Epoch(0, 0.9, Double.NaN, 60))))).isEmpty());
        assertFalse(Files.exists(file));
    }
}
