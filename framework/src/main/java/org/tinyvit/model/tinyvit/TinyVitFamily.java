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

    /**
     * Windows put to what they do at the spec's input size: a stage's map that fits in one window
     * is attended whole whatever the window (so its window becomes the map's side), and stage 0
     * has no attention (its window becomes 1).
     */
    @Override
    protected TinyVitSpec canonical(TinyVitSpec spec) {
        int[] sides = CostModel.stageSides(spec.imgSize());
        int[] windows = spec.windowSizes().clone();
        windows[0] = 1;
        for (int i = 1; i < windows.length; i++) {
            windows[i] = Math.min(windows[i], sides[i]);
        }
        return spec.withWindowSizes(windows);
    }
}
