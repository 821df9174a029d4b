package org.tinyvit.search;

import org.tinyvit.TinyVitException;

/**
 * How one contraction search runs.
 *
 * @param generations Jenetics generations per budget
 * @param population individuals per generation
 * @param proxy the length of a candidate's short run
 * @param halving 0 for off, or η ≥ 2: every new candidate first gets a run 1/η as long, and the
 *     best 1/η of them the full proxy run (successive halving)
 * @param pareto two objectives (accuracy, MACs) with NSGA-II; the result carries the front
 * @param seed the random seed of the search and of every proxy run
 * @param fitness what a short run is ranked by
 */
public record SearchSettings(int generations, int population, ProxyRun proxy, int halving, boolean pareto, long seed, Fitness fitness) {
    public static final int DEFAULT_GENERATIONS = 3;
    public static final int DEFAULT_POPULATION = 6;
    public static final long DEFAULT_SEED = 1;
    /**
     * ln(MACs) − 2 · (the short run's loss): on Fashion-MNIST it ranked 16 fresh candidates like
     * their long runs at Kendall τ 0.72 at 28 px (against the mean of two long seeds) and 0.69 and
     * 0.63 at 56 px, where the loss alone reached 0.50, 0.51 and 0.18 (docs/benchmarks.md).
     */
    public static final Fitness DEFAULT_FITNESS = Fitness.LOG_MACS_AND_TRAIN_LOSS;
    /** With {@code pareto}, MACs are an objective of their own, so the default ranks by the short run's loss alone. */
    public static final Fitness DEFAULT_PARETO_FITNESS = Fitness.TRAIN_LOSS;

    public SearchSettings {
        if (generations < 1 || population < 2) {
            throw new TinyVitException("a search needs at least 1 generation and a population of 2, got " + generations + " and " + population);
        }
        if (halving == 1 || halving < 0) {
            throw new TinyVitException("successive halving takes a factor of 0 (off) or at least 2, got " + halving);
        }
        if (fitness == null) {
            throw new TinyVitException("a search needs a fitness");
        }
        if (pareto && fitness.ranksWithMacs()) {
            throw new TinyVitException("--fitness " + fitness + " already weighs MACs; --pareto trades accuracy against MACs itself: use one of them");
        }
    }

    /** Ranked by the default fitness ({@link #DEFAULT_PARETO_FITNESS} with {@code pareto}). */
    public SearchSettings(int generations, int population, ProxyRun proxy, int halving, boolean pareto, long seed) {
        this(generations, population, proxy, halving, pareto, seed, pareto ? DEFAULT_PARETO_FITNESS : DEFAULT_FITNESS);
    }

    public SearchSettings ranking(Fitness by) {
        return new SearchSettings(generations, population, proxy, halving, pareto, seed, by);
    }

    /** 3 generations of 6, short runs of {@value ProxyRun#DEFAULT_SAMPLES} images for one epoch, no halving, one objective, seed 1, ranked by {@link #DEFAULT_FITNESS}. */
    public static SearchSettings defaults() {
        return new SearchSettings(DEFAULT_GENERATIONS, DEFAULT_POPULATION, ProxyRun.defaults(), 0, false, DEFAULT_SEED);
    }

    /** The short first run of successive halving. */
    public ProxyRun shortRun() {
        return proxy.rung(halving);
    }

    /** Candidates per generation after the first (Jenetics' default offspring fraction 0.6). */
    int offspring() {
        return (int) Math.round(population * 0.6);
    }
}
