package org.tinyvit.zoo;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.List;
import org.tinyvit.TinyVitException;

/**
 * Classifies images with a zoo model: converts to the model's channels (colour images become
 * grey for a 1-channel model, grey images are repeated for a 3-channel one), resizes the shorter
 * side, centre-crops, normalises ({@link Preprocessing}), and turns logits into probabilities.
 *
 * <pre>{@code
 * try (Predictor<Image, Classifications> predictor = zooModel.newPredictor()) {
 *     Classifications top = predictor.predict(ImageFactory.getInstance().fromFile(path));
 * }
 * }</pre>
 */
public final class ZooImageTranslator implements Translator<Image, Classifications> {
    private final Preprocessing preprocessing;
    private final Image.Interpolation interpolation;
    private final List<String> classes;

    public ZooImageTranslator(Preprocessing preprocessing, Image.Interpolation interpolation, List<String> classes) {
        if (preprocessing.inChans() != 1 && preprocessing.inChans() != 3) {
            throw new TinyVitException("images can feed models of 1 or 3 channels, this one has " + preprocessing.inChans()
                    + ": use the NDList -> NDList form with your own tensors");
        }
        this.preprocessing = preprocessing;
        this.interpolation = interpolation;
        this.classes = List.copyOf(classes);
    }

    public List<String> classes() {
        return classes;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        return new NDList(preprocess(input, ctx.getNDManager()));
    }

    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        NDArray logits = list.singletonOrThrow();
        return new Classifications(classes, logits.softmax(-1));
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }

    /** The model input for one image: float32 [C, crop, crop]. */
    public NDArray preprocess(Image image, NDManager manager) {
        Image.Flag flag = preprocessing.inChans() == 1 ? Image.Flag.GRAYSCALE : Image.Flag.COLOR;
        NDArray hwc = image.toNDArray(manager, flag).toType(DataType.FLOAT32, false);
        hwc = centerCrop(resizeShorterSide(hwc));
        int c = preprocessing.inChans();
        NDArray mean = manager.create(preprocessing.meanArray(), new Shape(c, 1, 1));
        NDArray std = manager.create(preprocessing.stdArray(), new Shape(c, 1, 1));
        return hwc.transpose(2, 0, 1).div(255f).sub(mean).div(std);
    }

    /** torchvision's Resize(int): the shorter side becomes {@code resize}, the longer one keeps the aspect (truncated). */
    private NDArray resizeShorterSide(NDArray hwc) {
        int h = (int) hwc.getShape().get(0);
        int w = (int) hwc.getShape().get(1);
        int shorter = Math.min(h, w);
        int target = preprocessing.resize();
        int longer = (int) ((long) Math.max(h, w) * target / shorter);
        int newW = w <= h ? target : longer;
        int newH = w <= h ? longer : target;
        if (newW == w && newH == h) {
            return hwc;
        }
        int factor = shorter / target;
        if (factor >= 2) {
            // Interpolation alone aliases when shrinking a lot (image libraries filter first):
            // average whole blocks of pixels before the final resize.
            NDArray nchw = hwc.transpose(2, 0, 1).expandDims(0);
            Shape k = new Shape(factor, factor);
            hwc = Pool.avgPool2d(nchw, k, k, new Shape(0, 0), false, true).squeeze(0).transpose(1, 2, 0);
        }
        NDArray resized = NDImageUtils.resize(hwc, newW, newH, interpolation);
        // Bicubic overshoots at edges; an 8-bit image library would clamp.
        return resized.clip(0f, 255f);
    }

    /** torchvision's CenterCrop: offsets rounded half to even, as Python's round(). */
    private NDArray centerCrop(NDArray hwc) {
        int h = (int) hwc.getShape().get(0);
        int w = (int) hwc.getShape().get(1);
        int crop = preprocessing.crop();
        int top = (int) Math.rint((h - crop) / 2.0);
        int left = (int) Math.rint((w - crop) / 2.0);
        if (top == 0 && left == 0 && h == crop && w == crop) {
            return hwc;
        }
        return hwc.get(new NDIndex("{}:{}, {}:{}, :", top, top + crop, left, left + crop));
    }
}
