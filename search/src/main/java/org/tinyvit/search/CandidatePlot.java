package org.tinyvit.search;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A PNG of every candidate's short-run result (the one its fitness ranks by) against its MACs, the chosen ones and presets marked. */
public final class CandidatePlot {
    public static final String FILE = "candidates.png";

    private CandidatePlot() {}

    public static void write(Path file, List<JournalEntry> journal, List<ContractionSearch.Result> results, Fitness fitness) {
        boolean loss = fitness.usesLoss();
        XYChart chart = Charts.scatter(loss ? "Candidates: short-run training loss vs MACs at 224 px" : "Candidates: proxy accuracy vs MACs at 224 px",
                "GMACs (224 px, 1000 classes)", loss ? "short-run mean training loss (lower ranks higher)" : "proxy validation accuracy", 900, 600, 7);
        ToDoubleFunction<JournalEntry> y = loss ? JournalEntry::trainLoss : JournalEntry::fitness;
        add(chart, "candidates", journal.stream().filter(e -> e.ok() && e.role().equals("candidate")).toList(), y, SeriesMarkers.CIRCLE);
        add(chart, "presets", results.stream().flatMap(r -> r.preset().stream()).map(ContractionSearch.PresetRun::run).filter(JournalEntry::ok).toList(), y,
                SeriesMarkers.SQUARE);
        add(chart, "chosen", results.stream().map(ContractionSearch.Result::best).toList(), y, SeriesMarkers.DIAMOND);
        Charts.writePng(file, chart);
    }

    private static void add(XYChart chart, String name, List<JournalEntry> entries, ToDoubleFunction<JournalEntry> score,
            org.knowm.xchart.style.markers.Marker marker) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (JournalEntry e : entries) {
            if (Double.isFinite(score.applyAsDouble(e))) {
                x.add(e.macs() / 1e9);
                y.add(score.applyAsDouble(e));
            }
        }
        if (!x.isEmpty()) {
            chart.addSeries(name, x, y).setMarker(marker);
        }
    }
}
