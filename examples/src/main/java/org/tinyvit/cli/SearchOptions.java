package org.tinyvit.cli;

import java.util.List;
import org.tinyvit.search.Budget;
import org.tinyvit.search.Fitness;
import org.tinyvit.search.ProxySettings;
import org.tinyvit.search.SearchSettings;
import org.tinyvit.space.SearchSpace;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the search explores and how long it looks: shared by search and pipeline. */
final class SearchOptions {
    @Mixin SpaceOptions space;

    @Mixin ProxyOptions proxy;

    @Option(names = "--generations", description = "Generations per budget (default ${DEFAULT-VALUE}).") int generations = SearchSettings.DEFAULT_GENERATIONS;

    @Option(names = "--population", description = "Population size (default ${DEFAULT-VALUE}).") int population = SearchSettings.DEFAULT_POPULATION;

    @Option(names = "--halving", description = "Successive halving with factor η (e.g. 3): all new candidates get a 1/η run, the best 1/η the full one; 0 for off (default).") int halving = 0;

    @Option(names = "--fitness", description = "What ranks a short run: log-macs-2x-train-loss (ln(MACs) - 2 x its mean training loss; the "
            + "default), train-loss (the loss alone, lower is better; the default with --pareto), val-accuracy, or macs+train-loss (among a "
            + "budget's candidates, rank by MACs plus half the rank by loss); the two with MACs not with --pareto.") String fitness;

    @Option(names = "--pareto", description = "Two objectives (accuracy, MACs) with NSGA-II; family.json lists each budget's Pareto front.") boolean pareto;

    SearchSpace<?> space() {
        return space.space();
    }

    List<Budget> budgets() {
        return space.budgets();
    }

    /** @param recipes the fitness when --fitness is not given */
    SearchSettings settings(Fitness recipes) {
        return new SearchSettings(generations, population, proxy.run(), halving, pareto, proxy.seed, fitness(recipes));
    }

    /** The short runs' settings; the search command sets their batch and rate, the pipeline keeps the defaults. */
    ProxySettings proxy(int batch, float lr, Fitness recipes) {
        return proxy.settings(batch, lr, fitness(recipes));
    }

    /** --fitness when given; else the recipe's, unless --pareto weighs MACs itself and the recipe's does too: then the loss alone. */
    private Fitness fitness(Fitness recipes) {
        return fitness != null ? Fitness.of(fitness) : pareto && recipes.ranksWithMacs() ? SearchSettings.DEFAULT_PARETO_FITNESS : recipes;
    }
}
