package org.tinyvit.search;

import io.jenetics.IntegerGene;
import io.jenetics.engine.Codecs;
import io.jenetics.engine.InvertibleCodec;
import io.jenetics.util.IntRange;
import org.tinyvit.space.SearchSpace;
import org.tinyvit.space.Student;

/**
 * The Jenetics codecs of a {@link SearchSpace}, built on {@link Codecs#ofVector(IntRange...)}:
 * one integer chromosome of length 1 per knob holding the index of the knob's value, so that a
 * mutation of ±1 ({@link StepMutator}) is one step of a width, depth or ratio, and a uniform
 * crossover swaps whole knobs.
 */
public final class SpaceCodecs {
    private SpaceCodecs() {}

    /** Genotype to point (an index per knob) and back. */
    public static InvertibleCodec<int[], IntegerGene> points(SearchSpace<?> space) {
        // IntRange's max is exclusive: knob k's indices are 0 .. size - 1
        IntRange[] indices = space.knobs().stream().map(k -> IntRange.of(0, k.size())).toArray(IntRange[]::new);
        return Codecs.ofVector(indices);
    }

    /** Genotype to the space's record and back. */
    public static <R extends Record & Student> InvertibleCodec<R, IntegerGene> records(SearchSpace<R> space) {
        return points(space).map(space::decode, space::encode);
    }
}
