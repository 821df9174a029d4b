package org.tinyvit.search;

import io.jenetics.IntegerGene;
import io.jenetics.Mutator;
import java.util.random.RandomGenerator;

/**
 * Moves a knob one step up or down (a width by one step of 32, a depth by one block) instead
 * of jumping to a random value: the constrained local search of progressive contraction.
 */
final class StepMutator<C extends Comparable<? super C>> extends Mutator<IntegerGene, C> {
    StepMutator(double probability) {
        super(probability);
    }

    @Override
    protected IntegerGene mutate(IntegerGene gene, RandomGenerator random) {
        int max = gene.max() - 1;
        if (max <= gene.min()) {
            return gene;
        }
        int value = gene.intValue() + (random.nextBoolean() ? 1 : -1);
        if (value < gene.min() || value > max) {
            value = gene.intValue() - (value - gene.intValue());
        }
        return gene.newInstance(value);
    }
}
