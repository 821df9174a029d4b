package org.tinyvit.search;

import io.jenetics.IntegerGene;
import io.jenetics.Phenotype;
import io.jenetics.engine.Constraint;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.space.SearchSpace;
import org.tinyvit.space.Student;

/**
 * Keeps every candidate valid and within a {@link Budget} at deployment input: a point that
 * fails a {@code @Check} or exceeds the budget is repaired by stepping down, one step at a time,
 * the knob whose step lowers the budget load most (the costliest knob first) among the steps
 * that keep the point valid. A point that cannot be repaired becomes the fallback point.
 */
final class BudgetConstraint<R extends Record & Student, C extends Comparable<? super C>> implements Constraint<IntegerGene, C> {
    private final SpaceCodec<R> codec;
    private final Budget budget;
    private final int[] fallback;

    BudgetConstraint(SpaceCodec<R> codec, Budget budget, int[] fallback) {
        this.codec = codec;
        this.budget = budget;
        this.fallback = fallback.clone();
    }

    /** The deployment params and MACs of a point, or null when the point is invalid. */
    static long[] cost(SearchSpace<?> space, int[] point) {
        StudentSpec spec = space.specOrNull(point);
        if (spec == null) {
            return null;
        }
        StudentSpec deployed = Families.deployed(spec);
        return new long[] {Families.params(deployed), Families.macs(deployed)};
    }

    boolean admits(int[] point) {
        long[] cost = cost(codec.space(), point);
        return cost != null && budget.admits(cost[0], cost[1]);
    }

    /** A valid point within the budget reached from {@code point}, or null. */
    int[] repair(int[] point) {
        return repair(codec.space(), budget, point);
    }

    /** A valid point of {@code space} within {@code budget} reached from {@code point}, or null. */
    static int[] repair(SearchSpace<?> space, Budget budget, int[] point) {
        int[] current = point.clone();
        long[] cost = cost(space, current);
        if (cost == null) {
            current = nearestValid(space, current);
            if (current == null) {
                return null;
            }
            cost = cost(space, current);
        }
        while (!budget.admits(cost[0], cost[1])) {
            double load = budget.load(cost[0], cost[1]);
            int bestKnob = -1;
            double bestLoad = load;
            long[] bestCost = null;
            for (int k = 0; k < current.length; k++) {
                if (current[k] == 0) {
                    continue;
                }
                current[k]--;
                long[] c = cost(space, current);
                current[k]++;
                if (c != null && budget.load(c[0], c[1]) < bestLoad) {
                    bestLoad = budget.load(c[0], c[1]);
                    bestKnob = k;
                    bestCost = c;
                }
            }
            if (bestKnob < 0) {
                return null;
            }
            current[bestKnob]--;
            cost = bestCost;
        }
        return current;
    }

    /** Steps knobs down one at a time, in order, until the point passes its checks. */
    private static int[] nearestValid(SearchSpace<?> space, int[] point) {
        int[] current = point.clone();
        for (int round = 0; round < 64; round++) {
            for (int k = 0; k < current.length; k++) {
                if (current[k] > 0) {
                    current[k]--;
                    if (space.specOrNull(current) != null) {
                        return current;
                    }
                    current[k]++;
                }
            }
            for (int k = 0; k < current.length; k++) {
                current[k] = Math.max(0, current[k] - 1);
            }
            if (space.specOrNull(current) != null) {
                return current;
            }
        }
        return null;
    }

    @Override
    public boolean test(Phenotype<IntegerGene, C> individual) {
        return admits(codec.point(individual.genotype()));
    }

    @Override
    public Phenotype<IntegerGene, C> repair(Phenotype<IntegerGene, C> individual, long generation) {
        int[] repaired = repair(codec.point(individual.genotype()));
        return Phenotype.of(codec.genotype(repaired != null ? repaired : fallback), generation);
    }
}
