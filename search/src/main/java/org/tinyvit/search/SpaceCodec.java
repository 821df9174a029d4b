package org.tinyvit.search;

import io.jenetics.Genotype;
import io.jenetics.IntegerChromosome;
import io.jenetics.IntegerGene;
import io.jenetics.engine.Codec;
import io.jenetics.util.Factory;
import java.util.ArrayList;
import java.util.List;
import org.tinyvit.space.Knob;
import org.tinyvit.space.SearchSpace;
import org.tinyvit.space.Student;

/**
 * The Jenetics codec of a {@link SearchSpace}: one integer chromosome of length 1 per knob,
 * holding the index of the knob's value, so that a mutation of ±1 is one step of a width,
 * depth or ratio.
 */
public final class SpaceCodec<R extends Record & Student> {
    private final SearchSpace<R> space;

    public SpaceCodec(SearchSpace<R> space) {
        this.space = space;
    }

    public SearchSpace<R> space() {
        return space;
    }

    public Factory<Genotype<IntegerGene>> factory() {
        List<IntegerChromosome> chromosomes = new ArrayList<>();
        for (Knob k : space.knobs()) {
            chromosomes.add(IntegerChromosome.of(0, k.size(), 1)); // max is exclusive
        }
        return Genotype.of(chromosomes);
    }

    public Codec<R, IntegerGene> codec() {
        return Codec.of(factory(), g -> space.decode(point(g)));
    }

    public int[] point(Genotype<IntegerGene> genotype) {
        int[] point = new int[genotype.length()];
        for (int i = 0; i < point.length; i++) {
            point[i] = genotype.get(i).gene().intValue();
        }
        return point;
    }

    public Genotype<IntegerGene> genotype(int[] point) {
        List<IntegerChromosome> chromosomes = new ArrayList<>();
        for (int i = 0; i < point.length; i++) {
            chromosomes.add(IntegerChromosome.of(IntegerGene.of(point[i], 0, space.knobs().get(i).size())));
        }
        return Genotype.of(chromosomes);
    }
}
