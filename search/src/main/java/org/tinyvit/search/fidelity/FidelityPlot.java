package org.tinyvit.search.fidelity;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.tinyvit.search.Charts;

/** A PNG of every candidate's proxy score against its long-run score, one series per budget. */
final class FidelityPlot {
    private FidelityPlot() {}

    static void write(Path file, List<ProxyFidelity.Pair> pairs, double tau, double rho) {
        XYChart chart = Charts.scatter(String.format(Locale.ROOT, "Proxy vs long run: Kendall tau %.2f, Spearman rho %.2f", tau, rho),
                "proxy validation accuracy", "long-run validation accuracy", 800, 600, 8);
        Map<String, List<ProxyFidelity.Pair>> byBudget = pairs.stream()
                .collect(Collectors.groupingBy(ProxyFidelity.Pair::budget, TreeMap::new, Collectors.toList()));
        byBudget.forEach((budget, list) -> chart.addSeries("budget " + budget, list.stream().map(ProxyFidelity.Pair::proxy).toList(),
                list.stream().map(ProxyFidelity.Pair::longRun).toList()));
        Charts.writePng(file, chart);
    }
}
