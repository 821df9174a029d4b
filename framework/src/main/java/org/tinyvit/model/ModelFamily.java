package org.tinyvit.model;

import tools.jackson.databind.JsonNode;

/**
 * A family of student models: how to read its specs, build its DJL block and count its cost.
 * Extend this (and list the class in {@code META-INF/services/org.tinyvit.model.ModelFamily})
 * to make a new family searchable, trainable and loadable; see {@link Families}.
 *
 * <pre>{@code
 * public final class MyFamily extends ModelFamily<MySpec> {
 *     public MyFamily() { super("mine", 3, MySpec.class); }
 *     // parse, build and cost of a MySpec
 * }
 * }</pre>
 *
 * @param <S> the family's spec type
 */
public abstract class ModelFamily<S extends StudentSpec> {
    private final String name;
    private final int stages;
    private final Class<S> specType;

    /**
     * @param name what a spec's {@code family} field says
     * @param stages how many stages a search space may address with {@code stage = ...}
     */
    protected ModelFamily(String name, int stages, Class<S> specType) {
        this.name = name;
        this.stages = stages;
        this.specType = specType;
    }

    public final String name() {
        return name;
    }

    public final int stages() {
        return stages;
    }

    /** Reads a spec of this family; the message of a bad one starts with {@code source}. */
    public abstract S parse(JsonNode node, String source);

    /** A new, uninitialised block for the spec (its parameters have their shapes already). */
    protected abstract StudentBlock build(S spec);

    /** Exact trainable parameters and MACs of the spec at its own input size and classes. */
    protected abstract Cost cost(S spec);

    /**
     * The spec with every setting that cannot change what the model computes at its own input
     * size put to one canonical value: two specs with the same canonical form compute the same
     * family of functions there (a TinyViT window at least as large as its stage's map, say).
     * The default changes nothing.
     */
    protected S canonical(S spec) {
        return spec;
    }

    public final StudentBlock newBlock(StudentSpec spec) {
        return build(specType.cast(spec));
    }

    public final Cost costOf(StudentSpec spec) {
        return cost(specType.cast(spec));
    }

    /** {@link #canonical} of a spec of this family. */
    public final StudentSpec canonicalOf(StudentSpec spec) {
        return canonical(specType.cast(spec));
    }
}
