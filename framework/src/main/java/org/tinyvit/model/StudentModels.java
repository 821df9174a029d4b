package org.tinyvit.model;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.tinyvit.TinyVitException;

/** Creates a DJL {@link Model} holding an initialised student block of any family. */
public final class StudentModels {
    private StudentModels() {}

    public static Model create(StudentSpec spec) {
        StudentBlock block = Families.of(spec).newBlock(spec);
        Model model = Model.newInstance(spec.family());
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, spec.inChans(), spec.imgSize(), spec.imgSize()));
        return model;
    }

    public static StudentBlock block(Model model) {
        if (!(model.getBlock() instanceof StudentBlock block)) {
            throw new TinyVitException("model '" + model.getName() + "' does not hold a student block");
        }
        return block;
    }
}
