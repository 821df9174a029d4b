package org.tinyvit.model.vit;

import java.util.List;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.Families;
import org.tinyvit.model.ModelFamily;
import org.tinyvit.model.StudentBlock;
import org.tinyvit.model.StudentSpec;
import tools.jackson.databind.JsonNode;

/**
 * The plain ViT family ({@link VitSpec}). MACs count the patch projection, q/k/v, both attention
 * products, the output projection, the MLP and the head, as {@link CostModel} does for TinyViT.
 */
public final class VitFamily implements ModelFamily {
    public static final String NAME = "vit";
    private static final List<String> FIELDS = List.of(Families.FAMILY_FIELD, "patchSize", "embedDim", "depth", "numHeads",
            "mlpRatio", "imgSize", "inChans", "numClasses");

    @Override
    public String name() {
        return NAME;
    }

    /** One stage: the stack of blocks. */
    @Override
    public int stages() {
        return 1;
    }

    @Override
    public VitSpec parse(JsonNode node, String source) {
        for (var field : node.properties()) {
            if (field.getKey().equals("formatVersion")) {
                if (field.getValue().asInt(-1) != StudentSpec.FORMAT_VERSION) {
                    throw new TinyVitException(source + ": spec formatVersion " + field.getValue() + " is not supported (expected " + StudentSpec.FORMAT_VERSION + ")");
                }
                continue;
            }
            if (!FIELDS.contains(field.getKey())) {
                throw new TinyVitException(source + ": unknown ViT spec field '" + field.getKey() + "' (known: " + String.join(", ", FIELDS) + ")");
            }
        }
        try {
            return new VitSpec(integer(node, "patchSize", source), integer(node, "embedDim", source), integer(node, "depth", source),
                    integer(node, "numHeads", source), node.has("mlpRatio") ? number(node, "mlpRatio", source).asDouble() : 4.0,
                    node.has("imgSize") ? integer(node, "imgSize", source) : Families.DEPLOY_IMG_SIZE,
                    node.has("inChans") ? integer(node, "inChans", source) : Families.DEPLOY_IN_CHANS,
                    node.has("numClasses") ? integer(node, "numClasses", source) : Families.DEPLOY_NUM_CLASSES);
        } catch (TinyVitException e) {
            throw e.getMessage().startsWith(source) ? e : new TinyVitException(source + ": " + e.getMessage());
        }
    }

    @Override
    public StudentBlock newBlock(StudentSpec spec) {
        return new Vit((VitSpec) spec);
    }

    @Override
    public long params(StudentSpec spec) {
        VitSpec s = (VitSpec) spec;
        long d = s.embedDim();
        long patch = (long) s.inChans() * s.patchSize() * s.patchSize() * d + d;
        long block = 2 * (2 * d) + (d * 3 * d + 3 * d) + (d * d + d) + (d * s.mlpHidden() + s.mlpHidden()) + (s.mlpHidden() * d + d);
        return patch + d + (long) s.tokens() * d + s.depth() * block + 2 * d + d * s.numClasses() + s.numClasses();
    }

    @Override
    public long macs(StudentSpec spec) {
        VitSpec s = (VitSpec) spec;
        long d = s.embedDim();
        long n = s.tokens();
        long patch = (long) (n - 1) * s.inChans() * s.patchSize() * s.patchSize() * d;
        long block = n * d * 3 * d + 2 * n * n * d + n * d * d + 2 * n * d * s.mlpHidden();
        return patch + s.depth() * block + d * s.numClasses();
    }

    private static JsonNode number(JsonNode node, String field, String source) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new TinyVitException(source + ": field '" + field + "' must be a number, got " + (v == null ? "nothing" : v));
        }
        return v;
    }

    private static int integer(JsonNode node, String field, String source) {
        JsonNode v = number(node, field, source);
        if (!v.canConvertToInt() || v.asDouble() != Math.rint(v.asDouble())) {
            throw new TinyVitException(source + ": field '" + field + "' must be an integer, got " + v);
        }
        return v.asInt();
    }
}
