package org.tinyvit.model;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Creates a DJL {@link Model} holding an initialised {@link TinyVit} block. */
public final class TinyVitModel {
    private TinyVitModel() {}

    public static Model create(TinyVitSpec spec) {
        Model model = Model.newInstance("tinyvit");
        TinyVit block = new TinyVit(spec);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, spec.inChans(), spec.imgSize(), spec.imgSize()));
        return model;
    }

    public static TinyVit block(Model model) {
        return (TinyVit) model.getBlock();
    }
}
