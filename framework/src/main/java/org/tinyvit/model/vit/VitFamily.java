package org.tinyvit.model.vit;

import java.util.List;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.Cost;
import org.tinyvit.model.Families;
import org.tinyvit.model.ModelFamily;
import org.tinyvit.model.StudentBlock;
import org.tinyvit.model.StudentSpec;
import tools.jackson.databind.JsonNode;

/**
 * The plain ViT family ({@link VitSpec}). MACs count the patch projection, q/k/v, both attention
 * products, the output projection, the MLP and the head, as {@link CostModel} does for TinyViT.
 */
public final class VitFamily extends ModelFamily<VitSpec> {
    public static final String NAME = "vit";
    private static final List<String> FIELDS = List.of(Families.FAMILY_FIELD, "patchSize", "embedDim", "depth", "numHeads",
            "mlpRatio", "imgSize", "inChans", "numClasses");

    /** One stage: the stack of blocks. */
    public VitFamily() {
        super(NAME, 1, VitSpec.class);
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
    protected StudentBlock build(VitSpec spec) {
        return new Vit(spec);
    }

    @Override
    protected Cost cost(VitSpec s) {
        return new Cost(params(s), macs(s));
    }

    private static long params(VitSpec s) {
        long d = s.embedDim();
        long patch = (long) s.inChans() * s.patchSize() * s.patchSize() * d + d;
        long block = 2 * (2 * d) + (d * 3 * d + 3 * d) + (d * d + d) + (d * s.mlpHidden() + s.mlpHidden()) + (s.mlpHidden() * d + d);
        return patch + d + (long) s.tokens() * d + s.depth() * block + 2 * d + d * s.numClasses() + s.numClasses();
    }

    private static long macs(VitSpec s) {
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
