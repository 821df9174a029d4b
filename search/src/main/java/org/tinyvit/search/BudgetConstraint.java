package org.tinyvit.search;

import io.jenetics.IntegerGene;
import io.jenetics.engine.Constraint;
import io.jenetics.engine.InvertibleCodec;
import java.util.Optional;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.space.SearchSpace;

/**
 * Keeps every candidate valid and within a {@link Budget} at deployment input: a point that
 * fails a {@code @Check} or exceeds the budget is repaired by stepping down, one step at a time,
 * the knob whose step lowers the budget load most (the costliest knob first) among the steps
 * that keep the point valid. A point that cannot be repaired becomes the fallback point.
 */
public final class BudgetConstraint {
    private BudgetConstraint() {}

    /** The Jenetics constraint over the point codec: admits valid points within the budget, repairs the rest. */
    static <C extends Comparable<? super C>> Constraint<IntegerGene, C> of(SearchSpace<?> space, InvertibleCodec<int[], IntegerGene> points,
            Budget budget, int[] fallback) {
        int[] start = fallback.clone();
        return Constraint.of(points, point -> admits(space, budget, point), point -> repair(space, budget, point).orElse(start));
    }

    /** Whether a point is valid and within the budget. */
    static boolean admits(SearchSpace<?> space, Budget budget, int[] point) {
        return cost(space, point).map(c -> budget.admits(c[0], c[1])).orElse(false);
    }

    /** The deployment params and MACs of a point, or empty when the point is invalid. */
    static Optional<long[]> cost(SearchSpace<?> space, int[] point) {
        return space.spec(point).map(Families::deployed).map(d -> new long[] {Families.params(d), Families.macs(d)});
    }

    /** A valid point of {@code space} within {@code budget} reached from {@code point}, or empty. */
    public static Optional<int[]> repair(SearchSpace<?> space, Budget budget, int[] point) {
        Optional<int[]> valid = space.spec(point).isPresent() ? Optional.of(point.clone()) : nearestValid(space, point);
        return valid.flatMap(p -> stepIntoBudget(space, budget, p));
    }

    /** Steps the costliest knob down until the valid {@code current} is within the budget. */
    private static Optional<int[]> stepIntoBudget(SearchSpace<?> space, Budget budget, int[] current) {
        long[] cost = cost(space, current).orElseThrow();
        while (!budget.admits(cost[0], cost[1])) {
            int bestKnob = -1;
            double bestLoad = budget.load(cost[0], cost[1]);
            long[] bestCost = null;
            for (int k = 0; k < current.length; k++) {
                if (current[k] == 0) {
                    continue;
                }
                current[k]--;
                Optional<long[]> c = cost(space, current);
                current[k]++;
                if (c.isPresent() && budget.load(c.get()[0], c.get()[1]) < bestLoad) {
                    bestLoad = budget.load(c.get()[0], c.get()[1]);
                    bestKnob = k;
                    bestCost = c.get();
                }
            }
            if (bestKnob < 0) {
                return Optional.empty();
            }
            current[bestKnob]--;
            cost = bestCost;
        }
        return Optional.of(current);
    }

    /** Steps knobs down one at a time, in order, until the point passes its checks. */
    private static Optional<int[]> nearestValid(SearchSpace<?> space, int[] point) {
        int[] current = point.clone();
        for (int round = 0; round < 64; round++) {
            for (int k = 0; k < current.length; k++) {
                if (current[k] > 0) {
                    current[k]--;
                    if (space.spec(current).isPresent()) {
                        return Optional.of(current);
                    }
                    current[k]++;
                }
            }
            for (int k = 0; k < current.length; k++) {
                current[k] = Math.max(0, current[k] - 1);
            }
            if (space.spec(current).isPresent()) {
                return Optional.of(current);
            }
        }
        return Optional.empty();
    }
}
