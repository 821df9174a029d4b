package org.tinyvit.model.tinyvit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tinyvit.TinyVitException;

/** The published TinyViT architectures by name (TinyViT paper, ImageNet-1k settings). */
public final class Presets {
    private static final Map<String, TinyVitSpec> PRESETS = new LinkedHashMap<>();

    static {
        int[] depths = {2, 2, 6, 2};
        int[] w224 = {7, 7, 14, 7};
        add("tinyvit-5m", new int[] {64, 128, 160, 320}, depths, new int[] {2, 4, 5, 10}, w224, 224, 0.0);
        add("tinyvit-11m", new int[] {64, 128, 256, 448}, depths, new int[] {2, 4, 8, 14}, w224, 224, 0.1);
        add("tinyvit-21m", new int[] {96, 192, 384, 576}, depths, new int[] {3, 6, 12, 18}, w224, 224, 0.2);
        add("tinyvit-21m-384", new int[] {96, 192, 384, 576}, depths, new int[] {3, 6, 12, 18}, new int[] {12, 12, 24, 12}, 384, 0.1);
        add("tinyvit-21m-512", new int[] {96, 192, 384, 576}, depths, new int[] {3, 6, 12, 18}, new int[] {16, 16, 32, 16}, 512, 0.1);
    }

    private Presets() {}

    private static void add(String name, int[] dims, int[] depths, int[] heads, int[] windows, int img, double dropPath) {
        PRESETS.put(name, new TinyVitSpec(dims, depths, heads, windows,
                TinyVitSpec.DEFAULT_MLP_RATIO, TinyVitSpec.DEFAULT_MBCONV_EXPAND_RATIO, TinyVitSpec.DEFAULT_LOCAL_CONV_SIZE,
                img, TinyVitSpec.DEFAULT_IN_CHANS, TinyVitSpec.DEFAULT_NUM_CLASSES, dropPath));
    }

    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    public static boolean exists(String name) {
        return PRESETS.containsKey(name);
    }

    /** The preset named after a parameter budget ({@code 5M} gives tinyvit-5m), if there is one. */
    public static Optional<TinyVitSpec> forBudget(String budgetLabel) {
        return Optional.ofNullable(PRESETS.get(budgetPresetName(budgetLabel)));
    }

    /** The name a budget's preset would have: {@code tinyvit-} and the label in lower case. */
    public static String budgetPresetName(String budgetLabel) {
        return "tinyvit-" + budgetLabel.trim().toLowerCase(Locale.ROOT);
    }

    public static TinyVitSpec get(String name) {
        TinyVitSpec spec = PRESETS.get(name);
        if (spec == null) {
            throw new TinyVitException("unknown preset '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return spec;
    }
}
