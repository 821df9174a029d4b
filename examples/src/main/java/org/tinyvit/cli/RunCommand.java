package org.tinyvit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tinyvit.checkpoint.Checkpoint;
import org.tinyvit.checkpoint.WeightLoader;
import org.tinyvit.io.Npy;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs a model in eval mode on a .npy batch and writes the logits as .npy. */
@Command(name = "run", description = "Run a model in eval mode on float32 NCHW images from a .npy file; write logits [N, classes] as .npy.")
final class RunCommand implements Callable<Integer> {
    @Mixin SpecOptions specOptions;

    @Option(names = "--weights", description = "A safetensors state dict (timm or reference names), or a checkpoint folder.") Path weights;

    @Option(names = "--input", required = true, description = "Float32 NCHW array (.npy).") Path input;

    @Option(names = "--output", required = true, description = "Where to write the float32 logits (.npy).") Path output;

    @Option(names = "--batch", description = "Images per forward pass (default ${DEFAULT-VALUE}).") int batch = 32;

    @Override
    public Integer call() {
        TinyVitSpec spec = specOptions.resolve();
        Npy.FloatArray images = Npy.read(input);
        try (StudentModel model = StudentModel.create(spec)) {
            if (weights != null) {
                WeightLoader.load(model.block(), Files.isDirectory(weights) ? weights.resolve(Checkpoint.WEIGHTS_FILE) : weights);
            }
            float[] logits = model.logits(images.data(), images.shape(), batch, input.toString());
            Npy.write(output, logits, new long[] {images.shape()[0], spec.numClasses()});
            if (weights == null) {
                System.err.println("tinyvit: no --weights given: the model ran with its random initial weights");
            }
        }
        return 0;
    }
}
