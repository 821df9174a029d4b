package org.tinyvit.model;

import tools.jackson.databind.node.ObjectNode;

/**
 * One architecture of some {@link ModelFamily}: an immutable value with a canonical JSON form.
 * {@link TinyVitSpec} and {@link VitSpec} ship; a user's family brings its own.
 */
public interface StudentSpec {
    /** The version of a spec file's {@code formatVersion} field, whatever the family. */
    int FORMAT_VERSION = 1;

    /** The {@link ModelFamily#name()} this spec belongs to. */
    String family();

    int imgSize();

    int inChans();

    int numClasses();

    /** The same architecture for another input size, channel count and class count. */
    StudentSpec withInput(int imgSize, int inChans, int numClasses);

    /** The JSON of this spec, including a {@code family} field. */
    ObjectNode toJson();

    /** The canonical compact JSON: equal architectures give equal keys. */
    String key();
}
