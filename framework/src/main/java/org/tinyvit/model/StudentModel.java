package org.tinyvit.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.tinyvit.Progress;
import org.tinyvit.TinyVitException;

/**
 * One student model of any family: its spec, its initialised block, and the DJL {@link Model}
 * that owns the parameters. Close it to free them.
 *
 * <pre>{@code
 * try (StudentModel model = StudentModel.create(Presets.get("tinyvit-5m"))) {
 *     NDArray logits = model.logits(images);
 * }
 * }</pre>
 */
public final class StudentModel implements AutoCloseable {
    private final Model model;
    private final StudentBlock block;

    private StudentModel(Model model, StudentBlock block) {
        this.model = model;
        this.block = block;
    }

    /** A new model of {@code spec} with freshly initialised parameters, on the engine's default device. */
    public static StudentModel create(StudentSpec spec) {
        return create(spec, Engine.getInstance().defaultDevice());
    }

    /** A new model of {@code spec} with freshly initialised parameters, on {@code device}. */
    public static StudentModel create(StudentSpec spec, Device device) {
        StudentBlock block = Families.of(spec).newBlock(spec);
        Model model = Model.newInstance(spec.family(), Devices.available(device));
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, spec.inChans(), spec.imgSize(), spec.imgSize()));
        return new StudentModel(model, block);
    }

    /** Wraps a DJL model that holds a student block (one that DJL's {@code Criteria} loaded, say). */
    public static StudentModel of(Model model) {
        if (!(model.getBlock() instanceof StudentBlock block)) {
            throw new TinyVitException("model '" + model.getName() + "' does not hold a student block");
        }
        return new StudentModel(model, block);
    }

    public StudentSpec spec() {
        return block.spec();
    }

    public Model model() {
        return model;
    }

    /** The manager that owns the parameters; open a sub-manager of it per batch. */
    public NDManager manager() {
        return model.getNDManager();
    }

    public StudentBlock block() {
        return block;
    }

    /** The block as the family {@code type} needs it; {@code purpose} says who needs it in the error. */
    public <B extends StudentBlock> B block(Class<B> type, String purpose) {
        if (!type.isInstance(block)) {
            throw new TinyVitException(purpose + " needs a " + type.getSimpleName() + " model, got a " + spec().family() + " model");
        }
        return type.cast(block);
    }

    /** Logits [N, classes] of a batch in eval mode. */
    public NDArray logits(NDArray images) {
        return block.apply(new ParameterStore(model.getNDManager(), false), images, false);
    }

    /**
     * Logits of float32 NCHW images in eval mode, {@code batch} images per forward pass.
     *
     * @param shape [N, C, H, W] of {@code images}; C must be the model's channel count
     * @param source names the images in an error message
     * @return N × classes logits, row by row
     */
    public float[] logits(float[] images, long[] shape, int batch, String source) {
        if (shape.length != 4 || shape[1] != spec().inChans()) {
            throw new TinyVitException(source + ": expected float32 NCHW images with " + spec().inChans()
                    + " channel(s), got shape " + Arrays.toString(shape));
        }
        int perImage = (int) (shape[1] * shape[2] * shape[3]);
        int classes = spec().numClasses();
        float[] logits = new float[(int) shape[0] * classes];
        Progress progress = new Progress("run", shape[0]);
        for (int start = 0; start < shape[0]; start += batch) {
            int n = (int) Math.min(batch, shape[0] - start);
            try (NDManager scope = manager().newSubManager()) {
                float[] chunk = Arrays.copyOfRange(images, start * perImage, (start + n) * perImage);
                float[] out = logits(scope.create(chunk, new Shape(n, shape[1], shape[2], shape[3]))).toFloatArray();
                System.arraycopy(out, 0, logits, start * classes, out.length);
            }
            progress.advance(n);
        }
        progress.done();
        return logits;
    }

    @Override
    public void close() {
        model.close();
    }
}
