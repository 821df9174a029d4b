package org.tinyvit.model;

import ai.djl.Model;

/** Creates a DJL {@link Model} holding an initialised {@link TinyVit} block. */
public final class TinyVitModel {
    private TinyVitModel() {}

    public static Model create(TinyVitSpec spec) {
        return StudentModels.create(spec);
    }

    public static TinyVit block(Model model) {
        return (TinyVit) model.getBlock();
    }
}
