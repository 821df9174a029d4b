package org.tinyvit.model;

import org.tinyvit.model.layers.ModuleBlock;

/** The root block of a student model of any family: it knows the spec it was built from. */
public abstract class StudentBlock extends ModuleBlock {
    public abstract StudentSpec spec();
}
