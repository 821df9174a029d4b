package org.tinyvit.search;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A PNG of every candidate's proxy accuracy against its MACs, the chosen ones and presets marked. */
public final class CandidatePlot {
    public static final String FILE = "candidates.png";

    private CandidatePlot() {}

    public static void write(Path file, List<JournalEntry> journal, List<ContractionSearch.Result> results) {
        XYChart chart = Charts.scatter("Candidates: proxy accuracy vs MACs at 224 px", "GMACs (224 px, 1000 classes)", "proxy validation accuracy",
                900, 600, 7);
        add(chart, "candidates", journal.stream().filter(e -> e.ok() && e.role().equals("candidate")).toList(), SeriesMarkers.CIRCLE);
        add(chart, "presets", results.stream().flatMap(r -> r.preset().stream()).map(ContractionSearch.PresetRun::run).filter(JournalEntry::ok).toList(), SeriesMarkers.SQUARE);
        add(chart, "chosen", results.stream().map(ContractionSearch.Result::best).toList(), SeriesMarkers.DIAMOND);
        Charts.writePng(file, chart);
    }

    private static void add(XYChart chart, String name, List<JournalEntry> entries, org.knowm.xchart.style.markers.Marker marker) {
        if (entries.isEmpty()) {
            return;
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (JournalEntry e : entries) {
            x.add(e.macs() / 1e9);
            y.add(e.fitness());
        }
        chart.addSeries(name, x, y).setMarker(marker);
    }
}
