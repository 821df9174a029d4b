package org.tinyvit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/** Blocks applied in order; named 0, 1, 2… like a PyTorch Sequential or ModuleList. */
public final class BlockGroup extends ModuleBlock {
    private final List<ModuleBlock> members = new ArrayList<>();

    public void add(ModuleBlock block) {
        members.add(addChildBlock(Integer.toString(members.size()), block));
    }

    public List<ModuleBlock> members() {
        return List.copyOf(members);
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        for (ModuleBlock block : members) {
            x = block.apply(ps, x, training);
        }
        return x;
    }

    @Override
    protected Shape outputShape(Shape input, Children children) {
        for (ModuleBlock block : members) {
            input = children.through(block, input);
        }
        return input;
    }
}
