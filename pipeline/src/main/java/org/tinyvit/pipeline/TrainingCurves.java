package org.tinyvit.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.tinyvit.distill.RunMetrics;
import org.tinyvit.search.Charts;

/**
 * Validation accuracy after every epoch against the minutes the run had taken by then, one line
 * per run (a teacher, a family's members), as a PNG: what each further epoch bought, and whether
 * another would still pay. The legend gives each run's test accuracy.
 *
 * <pre>{@code
 * TrainingCurves.write(dir.resolve(TrainingCurves.FILE), List.of(new TrainingCurves.Run("teacher", metrics)));
 * }</pre>
 */
public final class TrainingCurves {
    public static final String FILE = "curves.png";

    private TrainingCurves() {}

    /** A run's name in the legend and what it measured. */
    public record Run(String name, RunMetrics metrics) {}

    /** The end of one epoch: the run's wall minutes so far (training, BatchNorm re-estimation, validation) and its validation accuracy. */
    public record Point(double minutes, double valAccuracy) {}

    /** One point per epoch, in order; epochs without a validation accuracy are left out. */
    public static List<Point> points(RunMetrics metrics) {
        List<Point> points = new ArrayList<>();
        double seconds = 0;
        for (RunMetrics.Epoch e : metrics.epochs()) {
            seconds += e.seconds();
            if (!Double.isNaN(e.valAccuracy())) {
                points.add(new Point(seconds / 60, e.valAccuracy()));
            }
        }
        return points;
    }

    /**
     * Draws the runs into {@code file} (written atomically) and returns it; runs without a
     * validated epoch are left out, and when none has one nothing is written: the curves are a
     * by-product, never a reason for a finished run to fail.
     */
    public static Optional<Path> write(Path file, List<Run> runs) {
        XYChart chart = Charts.lines("Validation accuracy after each epoch", "minutes of the run", "validation accuracy", 900, 600);
        int drawn = 0;
        for (Run run : runs) {
            List<Point> points = points(run.metrics());
            if (points.isEmpty()) {
                continue;
            }
            double test = run.metrics().testAccuracy();
            String label = Double.isNaN(test) ? run.name() : String.format(Locale.ROOT, "%s (test %.4f)", run.name(), test);
            chart.addSeries(label, points.stream().map(Point::minutes).toList(), points.stream().map(Point::valAccuracy).toList());
            drawn++;
        }
        if (drawn == 0) {
            return Optional.empty();
        }
        Charts.writePng(file, chart);
        return Optional.of(file);
    }
}
