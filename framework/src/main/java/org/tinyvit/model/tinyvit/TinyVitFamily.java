package org.tinyvit.model.tinyvit;

import org.tinyvit.model.Cost;
import org.tinyvit.model.Families;
import org.tinyvit.model.ModelFamily;
import org.tinyvit.model.StudentBlock;
import tools.jackson.databind.JsonNode;

/** TinyViT: a convolutional stage and window-attention stages (TINYVIT.md §1). */
public final class TinyVitFamily extends ModelFamily<TinyVitSpec> {
    public static final String NAME = Families.DEFAULT_FAMILY;

    public TinyVitFamily() {
        super(NAME, 4, TinyVitSpec.class);
    }

    @Override
    public TinyVitSpec parse(JsonNode node, String source) {
        return SpecJson.fromNode(node, source);
    }

    @Override
    protected StudentBlock build(TinyVitSpec spec) {
        return new TinyVit(spec);
    }

    @Override
    protected Cost cost(TinyVitSpec spec) {
        return CostModel.of(spec);
    }
}
