package org.tinyvit.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of a block tree under timm's state-dict names
 * ({@code stages.1.blocks.0.attn.qkv.weight}). DJL prefixes each child name with its position
 * ("01", "02", …); the prefix is removed here.
 */
public final class NamedParameters {
    private NamedParameters() {}

    public static Map<String, Parameter> of(Block root) {
        Map<String, Parameter> named = new LinkedHashMap<>();
        collect(root, "", named);
        return named;
    }

    /** Trainable parameters only: BatchNorm running statistics are state, not parameters. */
    public static long countTrainable(Block root) {
        return of(root).values().stream()
                .filter(Parameter::requiresGradient)
                .mapToLong(p -> p.isInitialized() ? p.getArray().size() : p.getShape().size())
                .sum();
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> named) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            named.put(prefix + p.getKey(), p.getValue());
        }
        int position = 1;
        for (Pair<String, Block> child : block.getChildren()) {
            String numbered = String.format(Locale.ROOT, "%02d", position++);
            String name = child.getKey().substring(numbered.length());
            collect(child.getValue(), prefix + name + ".", named);
        }
    }
}
