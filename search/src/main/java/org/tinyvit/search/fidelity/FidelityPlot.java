package org.tinyvit.search.fidelity;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.tinyvit.search.Charts;

/**
 * A PNG of every candidate's proxy score against its long-run score, one series per budget: the
 * search's default fitness on the left and, when another proxy ranked the candidates better, that one on
 * the right.
 */
final class FidelityPlot {
    private FidelityPlot() {}

    /**
     * @param headline the search's default fitness (the first proxy)
     * @param best the proxy with the highest τ; drawn beside the headline unless it is the headline
     */
    static void write(Path file, List<ProxyFidelity.Pair> pairs, ProxyFidelity.Correlation headline, ProxyFidelity.Correlation best) {
        if (best.equals(headline)) {
            Charts.writePng(file, chart(pairs, headline, ""));
        } else {
            Charts.writePng(file, chart(pairs, headline, "the search's default, "), chart(pairs, best, "best here, "));
        }
    }

    /** A proxy ranked by a loss (its scores the negated loss) is plotted as the loss itself, lower ranking higher. */
    private static XYChart chart(List<ProxyFidelity.Pair> pairs, ProxyFidelity.Correlation proxy, String role) {
        boolean loss = proxy.name().endsWith("train-loss") && !proxy.name().contains("macs");
        XYChart chart = Charts.scatter(String.format(Locale.ROOT, "%s%s: Kendall tau %.2f, Spearman rho %.2f", role, proxy.name(),
                proxy.kendallTau(), proxy.spearmanRho()), loss ? proxy.name() + ": mean training loss (lower ranks higher)"
                : proxy.name() + " (higher ranks higher)", "long-run validation accuracy", 800, 600, 8);
        Map<String, List<Integer>> byBudget = IntStream.range(0, pairs.size()).boxed()
                .collect(Collectors.groupingBy(i -> pairs.get(i).budget(), TreeMap::new, Collectors.toList()));
        byBudget.forEach((budget, indices) -> chart.addSeries("budget " + budget,
                indices.stream().map(i -> loss ? -proxy.scores().get(i) : proxy.scores().get(i)).toList(),
                indices.stream().map(i -> pairs.get(i).longRun()).toList()));
        return chart;
    }
}
