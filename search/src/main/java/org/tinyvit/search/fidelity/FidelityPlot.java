package org.tinyvit.search.fidelity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.AtomicFiles;

/** A PNG of every candidate's proxy score against its long-run score, one series per budget. */
final class FidelityPlot {
    private FidelityPlot() {}

    static void write(Path file, List<ProxyFidelity.Pair> pairs, double tau, double rho) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(600)
                .title(String.format(Locale.ROOT, "Proxy vs long run: Kendall tau %.2f, Spearman rho %.2f", tau, rho))
                .xAxisTitle("proxy validation accuracy").yAxisTitle("long-run validation accuracy").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(8);
        Map<String, List<ProxyFidelity.Pair>> byBudget = pairs.stream()
                .collect(Collectors.groupingBy(ProxyFidelity.Pair::budget, TreeMap::new, Collectors.toList()));
        byBudget.forEach((budget, list) -> chart.addSeries("budget " + budget, list.stream().map(ProxyFidelity.Pair::proxy).toList(),
                list.stream().map(ProxyFidelity.Pair::longRun).toList()));
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            AtomicFiles.write(file, out -> out.write(png));
        } catch (IOException | RuntimeException | Error e) {
            throw new TinyVitException(file + ": cannot draw the plot (" + e + ")", e);
        }
    }
}
