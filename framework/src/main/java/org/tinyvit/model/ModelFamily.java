package org.tinyvit.model;

import tools.jackson.databind.JsonNode;

/**
 * A family of student models: how to read its specs, build its DJL block and count its cost.
 * Implement this (and list the class in {@code META-INF/services/org.tinyvit.model.ModelFamily})
 * to make a new family searchable, trainable and loadable; see {@link Families}.
 */
public interface ModelFamily {
    /** The name written in a spec's {@code family} field. */
    String name();

    /** How many stages a search space may address with {@code stage = ...}. */
    int stages();

    /** Reads a spec of this family; the message of a bad one starts with {@code source}. */
    StudentSpec parse(JsonNode node, String source);

    /** A new, uninitialised block for the spec (its parameters have their shapes already). */
    StudentBlock newBlock(StudentSpec spec);

    /** Exact trainable parameters of the spec at its own input size and classes. */
    long params(StudentSpec spec);

    /** Multiply-accumulates of one forward pass of one image at the spec's input size. */
    long macs(StudentSpec spec);
}
