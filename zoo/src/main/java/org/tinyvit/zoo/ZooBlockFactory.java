package org.tinyvit.zoo;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import ai.djl.training.initializer.Initializer;
import java.nio.file.Path;
import java.util.Map;
import org.tinyvit.TinyVitException;
import org.tinyvit.checkpoint.WeightLoader;
import org.tinyvit.io.SafeTensors;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentBlock;
import org.tinyvit.model.StudentSpec;

/**
 * Rebuilds a zoo model's block from its artifact arguments (the spec's JSON) and loads its
 * weights: a trained model's own file, or for a preset the file named by
 * {@code optArgument("weights", path)}. A preset without weights is refused, never left random.
 */
public final class ZooBlockFactory implements BlockFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
        try {
            StudentSpec spec = ZooArguments.spec(arguments, model.getName());
            Path weights = ZooArguments.weights(arguments);
            if (weights == null) {
                throw new TinyVitException(Catalog.weightsAdvice(model.getName()));
            }
            SafeTensors file = WeightsFile.openFor(weights, spec);
            StudentBlock block = Families.of(spec).newBlock(spec);
            // WeightLoader overwrites every parameter or refuses the file, so random starting values would be wasted.
            block.setInitializer(Initializer.ZEROS, parameter -> true);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, spec.inChans(), spec.imgSize(), spec.imgSize()));
            WeightLoader.load(block, file);
            return block;
        } catch (RuntimeException e) {
            // DJL's loader drops the model when its block cannot be built: free its native memory here.
            model.close();
            throw e;
        }
    }
}
