package org.tinyvit.model.tinyvit;

import org.tinyvit.model.Families;
import org.tinyvit.model.ModelFamily;
import org.tinyvit.model.StudentBlock;
import org.tinyvit.model.StudentSpec;
import tools.jackson.databind.JsonNode;

/** TinyViT: a convolutional stage and window-attention stages (TINYVIT.md §1). */
public final class TinyVitFamily implements ModelFamily {
    public static final String NAME = Families.DEFAULT_FAMILY;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int stages() {
        return 4;
    }

    @Override
    public StudentSpec parse(JsonNode node, String source) {
        return SpecJson.fromNode(node, source);
    }

    @Override
    public StudentBlock newBlock(StudentSpec spec) {
        return new TinyVit((TinyVitSpec) spec);
    }

    @Override
    public long params(StudentSpec spec) {
        return CostModel.of((TinyVitSpec) spec).params();
    }

    @Override
    public long macs(StudentSpec spec) {
        return CostModel.of((TinyVitSpec) spec).macs();
    }
}
