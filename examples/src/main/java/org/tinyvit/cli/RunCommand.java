package org.tinyvit.cli;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.tinyvit.Progress;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.Checkpoint;
import org.tinyvit.io.Npy;
import org.tinyvit.io.WeightLoader;
import org.tinyvit.model.TinyVit;
import org.tinyvit.model.TinyVitModel;
import org.tinyvit.model.TinyVitSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs a model in eval mode on a .npy batch and writes the logits as .npy. */
@Command(name = "run", description = "Run a model in eval mode on float32 NCHW images from a .npy file; write logits [N, classes] as .npy.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    SpecOptions specOptions;

    @Option(names = "--weights", description = "A safetensors state dict (timm or reference names), or a checkpoint folder.")
    Path weights;

    @Option(names = "--input", required = true, description = "Float32 NCHW array (.npy).")
    Path input;

    @Option(names = "--output", required = true, description = "Where to write the float32 logits (.npy).")
    Path output;

    @Option(names = "--batch", defaultValue = "32", description = "Images per forward pass (default ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() {
        TinyVitSpec spec = specOptions.resolve();
        Npy.FloatArray images = Npy.read(input);
        long[] s = images.shape();
        if (s.length != 4 || s[1] != spec.inChans()) {
            throw new TinyVitException(input + ": expected float32 NCHW images with " + spec.inChans()
                    + " channel(s), got shape " + Arrays.toString(s));
        }
        try (Model model = TinyVitModel.create(spec)) {
            if (weights != null) {
                WeightLoader.load(model.getBlock(), Files.isDirectory(weights) ? weights.resolve(Checkpoint.WEIGHTS_FILE) : weights);
            } else {
                System.err.println("tinyvit: no --weights given: the model runs with its random initial weights");
            }
            float[] logits = forward(model, images, spec);
            Npy.write(output, logits, new long[] {s[0], spec.numClasses()});
        }
        return 0;
    }

    private float[] forward(Model model, Npy.FloatArray images, TinyVitSpec spec) {
        long[] s = images.shape();
        int perImage = (int) (s[1] * s[2] * s[3]);
        float[] logits = new float[(int) s[0] * spec.numClasses()];
        TinyVit block = TinyVitModel.block(model);
        ParameterStore ps = new ParameterStore(model.getNDManager(), false);
        Progress progress = new Progress("run", s[0]);
        for (int start = 0; start < s[0]; start += batch) {
            int n = (int) Math.min(batch, s[0] - start);
            try (NDManager scope = model.getNDManager().newSubManager()) {
                float[] chunk = Arrays.copyOfRange(images.data(), start * perImage, (start + n) * perImage);
                NDArray x = scope.create(chunk, new Shape(n, s[1], s[2], s[3]));
                float[] out = block.apply(ps, x, false).toFloatArray();
                System.arraycopy(out, 0, logits, start * spec.numClasses(), out.length);
            }
            progress.advance(n);
        }
        progress.done();
        return logits;
    }
}
