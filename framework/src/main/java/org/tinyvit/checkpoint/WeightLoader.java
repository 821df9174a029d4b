package org.tinyvit.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.SafeTensors;
import org.tinyvit.model.NamedParameters;

/**
 * Loads a safetensors state dict (timm's names or the reference code's) into an initialised
 * block: every tensor mapped, shapes checked, BatchNorm running statistics included. When a
 * checkpoint's attention window differs from the model's, the bias table is resized bicubically.
 * Missing, unexpected and mis-shaped tensors are reported together in one message.
 *
 * <pre>{@code
 * WeightLoader.load(block, Path.of("tiny_vit_5m.safetensors"));
 * }</pre>
 */
public final class WeightLoader {
    private static final int SHOWN = 8;
    private static final int BICUBIC = 3;

    private WeightLoader() {}

    public static void load(Block block, Path file) {
        load(block, SafeTensors.open(file));
    }

    public static void load(Block block, SafeTensors file) {
        Map<String, Parameter> params = NamedParameters.of(block);
        Map<String, String> fileNames = CheckpointNames.toModelNames(file.entries().keySet());
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> misshaped = new ArrayList<>();
        for (Map.Entry<String, Parameter> p : params.entrySet()) {
            String fileName = fileNames.get(p.getKey());
            if (fileName == null) {
                missing.add(p.getKey());
                continue;
            }
            long[] have = file.entries().get(fileName).shape();
            long[] want = p.getValue().getShape().getShape();
            if (!Arrays.equals(have, want) && !isResizableBiasTable(p.getKey(), have, want)) {
                misshaped.add(p.getKey() + " " + Arrays.toString(have) + " vs model " + Arrays.toString(want));
            }
        }
        for (String name : fileNames.keySet()) {
            if (!params.containsKey(name)) {
                unexpected.add(fileNames.get(name));
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !misshaped.isEmpty()) {
            throw new TinyVitException(file.file() + " does not fit the model:" + list("missing", missing)
                    + list("unexpected", unexpected) + list("mis-shaped", misshaped));
        }
        for (Map.Entry<String, Parameter> p : params.entrySet()) {
            copy(file, fileNames.get(p.getKey()), p.getValue());
        }
    }

    private static void copy(SafeTensors file, String fileName, Parameter target) {
        NDArray destination = target.getArray();
        try (NDManager scope = destination.getManager().newSubManager()) {
            NDArray loaded = file.load(fileName, scope);
            if (loaded.getDataType() != DataType.FLOAT32) {
                loaded = loaded.toType(DataType.FLOAT32, false);
            }
            if (!loaded.getShape().equals(destination.getShape())) {
                loaded = resizeBiasTable(loaded, destination.getShape());
            }
            destination.set(loaded.toByteBuffer());
        }
    }

    private static boolean isResizableBiasTable(String name, long[] have, long[] want) {
        return name.endsWith("attention_biases") && have.length == 2 && want.length == 2
                && have[0] == want[0] && isSquare(have[1]) && isSquare(want[1]);
    }

    /** [heads, s·s] viewed as a [heads, s, s] grid, resized bicubically to the model's window. */
    static NDArray resizeBiasTable(NDArray table, Shape target) {
        long heads = table.getShape().get(0);
        long from = Math.round(Math.sqrt(table.getShape().get(1)));
        long to = Math.round(Math.sqrt(target.get(1)));
        return table.reshape(1, heads, from, from)
                .getNDArrayInternal().interpolation(new long[] {to, to}, BICUBIC, false)
                .reshape(heads, to * to);
    }

    private static boolean isSquare(long n) {
        long r = Math.round(Math.sqrt(n));
        return r * r == n;
    }

    private static String list(String label, List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        String shown = String.join(", ", names.subList(0, Math.min(SHOWN, names.size())));
        return " " + label + " " + names.size() + " [" + shown + (names.size() > SHOWN ? ", …" : "") + "];";
    }
}
