package org.tinyvit.model.tinyvit;

import java.util.Arrays;
import java.util.List;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.StudentSpec;

/**
 * One TinyViT architecture: stage 0 is convolutional (MBConv), every later stage is made of
 * window-attention blocks. JSON form: see {@link SpecJson}.
 *
 * <pre>{@code
 * TinyVitSpec spec = Presets.get("tinyvit-5m").withInChans(1).withNumClasses(10);
 * }</pre>
 */
public record TinyVitSpec(
        int[] embedDims,
        int[] depths,
        int[] numHeads,
        int[] windowSizes,
        double mlpRatio,
        double mbconvExpandRatio,
        int localConvSize,
        int imgSize,
        int inChans,
        int numClasses,
        double dropPath) implements StudentSpec {

    public static final double DEFAULT_MLP_RATIO = 4.0;
    public static final double DEFAULT_MBCONV_EXPAND_RATIO = 4.0;
    public static final int DEFAULT_LOCAL_CONV_SIZE = 3;
    public static final int DEFAULT_IMG_SIZE = 224;
    public static final int DEFAULT_IN_CHANS = 3;
    public static final int DEFAULT_NUM_CLASSES = 1000;
    public static final double DEFAULT_DROP_PATH = 0.0;

    /** Checks every field; the message names the field and what is wrong with it. */
    public TinyVitSpec {
        embedDims = embedDims.clone();
        depths = depths.clone();
        numHeads = numHeads.clone();
        windowSizes = windowSizes.clone();
        int stages = embedDims.length;
        require(stages >= 2, "embedDims", "needs at least 2 stages (a convolutional one and an attention one), got " + stages);
        requireLength("depths", depths, stages);
        requireLength("numHeads", numHeads, stages);
        requireLength("windowSizes", windowSizes, stages);
        for (int i = 0; i < stages; i++) {
            require(embedDims[i] > 0, "embedDims", "stage " + i + " must be positive, got " + embedDims[i]);
            require(depths[i] >= 0, "depths", "stage " + i + " must not be negative, got " + depths[i]);
            require(numHeads[i] > 0, "numHeads", "stage " + i + " must be positive, got " + numHeads[i]);
            require(windowSizes[i] > 0, "windowSizes", "stage " + i + " must be positive, got " + windowSizes[i]);
            if (i > 0) {
                require(embedDims[i] % numHeads[i] == 0, "numHeads",
                        "stage " + i + ": " + numHeads[i] + " heads do not divide width " + embedDims[i]);
            }
        }
        require(embedDims[0] % 2 == 0, "embedDims", "stage 0 width must be even (the stem halves it), got " + embedDims[0]);
        require(mlpRatio > 0, "mlpRatio", "must be positive, got " + mlpRatio);
        require(mbconvExpandRatio > 0, "mbconvExpandRatio", "must be positive, got " + mbconvExpandRatio);
        require(localConvSize > 0 && localConvSize % 2 == 1, "localConvSize", "must be a positive odd number, got " + localConvSize);
        require(imgSize > 0, "imgSize", "must be positive, got " + imgSize);
        require(inChans > 0, "inChans", "must be positive, got " + inChans);
        require(numClasses > 0, "numClasses", "must be positive, got " + numClasses);
        require(dropPath >= 0 && dropPath < 1, "dropPath", "must be in [0, 1), got " + dropPath);
    }

    public int stageCount() {
        return embedDims.length;
    }

    public int totalDepth() {
        return Arrays.stream(depths).sum();
    }

    public int headDim(int stage) {
        return embedDims[stage] / numHeads[stage];
    }

    /** Hidden width of the MLP of a stage; truncated like Python's int(). */
    public int mlpHidden(int stage) {
        return (int) (embedDims[stage] * mlpRatio);
    }

    public int mbconvHidden(int stage) {
        return (int) (embedDims[stage] * mbconvExpandRatio);
    }

    /** Drop-path rate of block number {@code index} counted over all stages, MBConv blocks included. */
    public double dropPathRate(int index) {
        int total = totalDepth();
        return total <= 1 ? 0.0 : dropPath * index / (total - 1);
    }

    public TinyVitSpec withImgSize(int value) {
        return new TinyVitSpec(embedDims, depths, numHeads, windowSizes, mlpRatio, mbconvExpandRatio, localConvSize, value, inChans, numClasses, dropPath);
    }

    public TinyVitSpec withInChans(int value) {
        return new TinyVitSpec(embedDims, depths, numHeads, windowSizes, mlpRatio, mbconvExpandRatio, localConvSize, imgSize, value, numClasses, dropPath);
    }

    public TinyVitSpec withNumClasses(int value) {
        return new TinyVitSpec(embedDims, depths, numHeads, windowSizes, mlpRatio, mbconvExpandRatio, localConvSize, imgSize, inChans, value, dropPath);
    }

    public TinyVitSpec withWindowSizes(int[] value) {
        return new TinyVitSpec(embedDims, depths, numHeads, value, mlpRatio, mbconvExpandRatio, localConvSize, imgSize, inChans, numClasses, dropPath);
    }

    public TinyVitSpec withDropPath(double value) {
        return new TinyVitSpec(embedDims, depths, numHeads, windowSizes, mlpRatio, mbconvExpandRatio, localConvSize, imgSize, inChans, numClasses, value);
    }

    @Override
    public String family() {
        return TinyVitFamily.NAME;
    }

    @Override
    public TinyVitSpec withInput(int imgSize, int inChans, int numClasses) {
        return withImgSize(imgSize).withInChans(inChans).withNumClasses(numClasses);
    }

    /** The JSON form; it has no {@code family} field, since TinyViT is the default family. */
    @Override
    public tools.jackson.databind.node.ObjectNode toJson() {
        return SpecJson.toNode(this);
    }

    /** The canonical JSON of this spec: equal specs give equal keys. */
    @Override
    public String key() {
        return SpecJson.write(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TinyVitSpec s && key().equals(s.key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return key();
    }

    private static void require(boolean ok, String field, String problem) {
        if (!ok) {
            throw new TinyVitException("spec field '" + field + "': " + problem);
        }
    }

    private static void requireLength(String field, int[] values, int stages) {
        require(values.length == stages, field, "has " + values.length + " entries but embedDims has " + stages);
    }

    static List<String> fieldNames() {
        return Arrays.stream(TinyVitSpec.class.getRecordComponents()).map(c -> c.getName()).toList();
    }
}
