package org.tinyvit.space;

import org.tinyvit.model.StudentSpec;

/** A point of a student space: turns itself into the spec of a model family. */
public interface Student {
    StudentSpec toSpec();
}
