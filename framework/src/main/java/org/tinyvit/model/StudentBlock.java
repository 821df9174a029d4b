package org.tinyvit.model;

/** The root block of a student model of any family: it knows the spec it was built from. */
public abstract class StudentBlock extends ModuleBlock {
    public abstract StudentSpec spec();
}
