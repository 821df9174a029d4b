package org.tinyvit.model.tinyvit;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/** A built, initialised model for tests; close it after use. */
final class ModelFixture implements AutoCloseable {
    final Model model;
    final TinyVit block;
    final NDManager manager;

    ModelFixture(TinyVitSpec spec) {
        model = Model.newInstance("test");
        block = new TinyVit(spec);
        model.setBlock(block);
        manager = model.getNDManager();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, spec.inChans(), spec.imgSize(), spec.imgSize()));
    }

    NDArray run(NDArray images, boolean training) {
        return block.apply(new ParameterStore(manager, false), images, training);
    }

    @Override
    public void close() {
        model.close();
    }
}
