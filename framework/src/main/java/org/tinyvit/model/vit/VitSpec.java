package org.tinyvit.model.vit;

import org.tinyvit.TinyVitException;
import org.tinyvit.io.Json;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentSpec;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plain ViT (patch embedding, class token, learned position embedding, pre-norm blocks,
 * final LayerNorm, linear head on the class token): the students and teachers of TinyMIM.
 * JSON: {@code {"family":"vit","patchSize":16,"embedDim":192,"depth":12,"numHeads":3,...}}.
 *
 * <pre>{@code
 * VitSpec deitTiny = new VitSpec(16, 192, 12, 3, 4.0, 224, 3, 1000);
 * }</pre>
 */
public record VitSpec(int patchSize, int embedDim, int depth, int numHeads, double mlpRatio, int imgSize, int inChans, int numClasses)
        implements StudentSpec {

    public VitSpec {
        require(patchSize > 0, "patchSize", "must be positive, got " + patchSize);
        require(embedDim > 0, "embedDim", "must be positive, got " + embedDim);
        require(depth >= 0, "depth", "must not be negative, got " + depth);
        require(numHeads > 0 && embedDim % numHeads == 0, "numHeads", numHeads + " heads do not divide width " + embedDim);
        require(mlpRatio > 0, "mlpRatio", "must be positive, got " + mlpRatio);
        require(imgSize > 0 && imgSize % patchSize == 0, "imgSize", "must be a positive multiple of patchSize " + patchSize + ", got " + imgSize);
        require(inChans > 0, "inChans", "must be positive, got " + inChans);
        require(numClasses > 0, "numClasses", "must be positive, got " + numClasses);
    }

    /** Patches per side. */
    public int grid() {
        return imgSize / patchSize;
    }

    /** Tokens, class token included. */
    public int tokens() {
        return grid() * grid() + 1;
    }

    public int mlpHidden() {
        return (int) (embedDim * mlpRatio);
    }

    @Override
    public String family() {
        return VitFamily.NAME;
    }

    /** The same network for another input; the patch size stays, so the grid changes. */
    @Override
    public VitSpec withInput(int imgSize, int inChans, int numClasses) {
        return new VitSpec(patchSize, embedDim, depth, numHeads, mlpRatio, imgSize, inChans, numClasses);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put(Families.FAMILY_FIELD, VitFamily.NAME);
        node.put("patchSize", patchSize);
        node.put("embedDim", embedDim);
        node.put("depth", depth);
        node.put("numHeads", numHeads);
        node.put("mlpRatio", mlpRatio);
        node.put("imgSize", imgSize);
        node.put("inChans", inChans);
        node.put("numClasses", numClasses);
        return node;
    }

    @Override
    public String key() {
        return Json.compact(toJson());
    }

    private static void require(boolean ok, String field, String problem) {
        if (!ok) {
            throw new TinyVitException("spec field '" + field + "': " + problem);
        }
    }
}
