package org.tinyvit.search.fidelity;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.tinyvit.search.Charts;
import org.tinyvit.search.Fitness;

/** A PNG of every candidate's proxy score against its long-run score, one series per budget. */
final class FidelityPlot {
    private FidelityPlot() {}

    /** @param headline the proxy on the horizontal axis: {@code train-loss} plots the short run's loss, any other its accuracy */
    static void write(Path file, List<ProxyFidelity.Pair> pairs, ProxyFidelity.Correlation headline) {
        boolean loss = headline.name().equals(Fitness.TRAIN_LOSS.label());
        XYChart chart = Charts.scatter(String.format(Locale.ROOT, "%s vs long run: Kendall tau %.2f, Spearman rho %.2f", headline.name(),
                headline.kendallTau(), headline.spearmanRho()),
                loss ? "short-run mean training loss (lower ranks higher)" : "short-run validation accuracy", "long-run validation accuracy", 800, 600, 8);
        Map<String, List<ProxyFidelity.Pair>> byBudget = pairs.stream()
                .collect(Collectors.groupingBy(ProxyFidelity.Pair::budget, TreeMap::new, Collectors.toList()));
        byBudget.forEach((budget, list) -> chart.addSeries("budget " + budget,
                list.stream().map(p -> loss ? p.proxyLoss() : p.proxy()).toList(), list.stream().map(ProxyFidelity.Pair::longRun).toList()));
        Charts.writePng(file, chart);
    }
}
