package org.tinyvit.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where checkpoint tensor names are mapped to this project's names, which are
 * timm's. The reference code (microsoft/Cream TinyViT) differs only by renaming.
 */
public final class CheckpointNames {
    private static final Pattern REFERENCE_DOWNSAMPLE = Pattern.compile("^layers\\.(\\d+)\\.downsample\\.");

    private CheckpointNames() {}

    /** Tensors in checkpoints that are buffers derived from the architecture, not weights. */
    public static boolean isIgnored(String name) {
        return name.endsWith("num_batches_tracked") || name.endsWith("attention_bias_idxs");
    }

    /** Model name to file name, for every tensor of the file that is a weight. */
    public static Map<String, String> toModelNames(Set<String> fileNames) {
        boolean reference = fileNames.stream().anyMatch(n -> strip(n).startsWith("layers.") || strip(n).startsWith("patch_embed.seq."));
        Map<String, String> mapped = new LinkedHashMap<>();
        for (String name : fileNames) {
            if (!isIgnored(name)) {
                String stripped = strip(name);
                mapped.put(reference ? fromReference(stripped) : stripped, name);
            }
        }
        return mapped;
    }

    /** Renames one reference-code tensor name to timm's. */
    static String fromReference(String name) {
        String n = name.replace("patch_embed.seq.0.", "patch_embed.conv1.")
                .replace("patch_embed.seq.2.", "patch_embed.conv2.")
                .replace(".c.weight", ".conv.weight");
        Matcher m = REFERENCE_DOWNSAMPLE.matcher(n);
        if (m.find()) {
            n = m.replaceFirst("stages." + (Integer.parseInt(m.group(1)) + 1) + ".downsample.");
        }
        n = n.replaceFirst("^layers\\.", "stages.").replaceFirst("^norm_head\\.", "head.norm.");
        if (n.equals("head.weight") || n.equals("head.bias")) {
            n = "head.fc." + n.substring("head.".length());
        }
        return n;
    }

    /** Wrapped state dicts (DataParallel) prefix every name with "module.". */
    private static String strip(String name) {
        return name.startsWith("module.") ? name.substring("module.".length()) : name;
    }
}
