package org.tinyvit.zoo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.Json;
import org.tinyvit.model.tinyvit.Presets;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything the zoo offers: the five presets, then the trained models of a zoo folder.
 *
 * <pre>{@code
 * Catalog.Listing all = Catalog.list(ZooFolder.defaultLocation());
 * ZooItem model = Catalog.find(ZooFolder.defaultLocation(), "tinyvit-5m");
 * }</pre>
 */
public final class Catalog {
    /** The published checkpoint of each preset on the Hugging Face hub (timm's names). */
    private static final Map<String, String> TIMM_WEIGHTS = Map.of(
            "tinyvit-5m", "timm/tiny_vit_5m_224.in1k",
            "tinyvit-11m", "timm/tiny_vit_11m_224.in1k",
            "tinyvit-21m", "timm/tiny_vit_21m_224.in1k",
            "tinyvit-21m-384", "timm/tiny_vit_21m_384.dist_in22k_ft_in1k",
            "tinyvit-21m-512", "timm/tiny_vit_21m_512.dist_in22k_ft_in1k");
    /** timm evaluates the 224-pixel models at crop_pct 0.95, the 384 and 512 ones at 1.0. */
    private static final double CROP_PCT_224 = 0.95;

    /** The models of a listing, and a one-line message for each zoo sub-folder that could not be read. */
    public record Listing(List<ZooItem> models, List<String> problems) {
        public Listing {
            models = List.copyOf(models);
            problems = List.copyOf(problems);
        }
    }

    private Catalog() {}

    public static List<ZooItem> presets() {
        return Presets.names().stream().map(Catalog::preset).toList();
    }

    /** The presets followed by the trained models of {@code zoo} (weights checked by size only). */
    public static Listing list(Path zoo) {
        Listing installed = ZooFolder.scan(zoo);
        List<ZooItem> all = new ArrayList<>(presets());
        all.addAll(installed.models());
        return new Listing(all, installed.problems());
    }

    /** A preset, or the trained model of that name in {@code zoo} with its weights verified. */
    public static ZooItem find(Path zoo, String name) {
        return find(zoo, name, true);
    }

    /** As {@link #find(Path, String)}; without {@code verifyHash} the weights are checked by size only. */
    static ZooItem find(Path zoo, String name, boolean verifyHash) {
        if (Presets.exists(name)) {
            return preset(name);
        }
        Path folder = zoo.resolve(name);
        if (ZooEntry.NAME.matcher(name).matches() && Files.isDirectory(folder)) {
            return ZooFolder.read(folder, verifyHash);
        }
        List<String> installed = ZooFolder.scan(zoo).models().stream().map(ZooItem::name).toList();
        throw new TinyVitException("no zoo model '" + name + "': presets are " + String.join(", ", Presets.names())
                + "; the zoo folder " + zoo + " holds " + (installed.isEmpty() ? "no models" : String.join(", ", installed))
                + " (set -D" + ZooFolder.PROPERTY + "=DIR or " + ZooFolder.ENV + " for another folder)");
    }

    static ZooItem preset(String name) {
        TinyVitSpec spec = Presets.get(name);
        double cropPct = spec.imgSize() == 224 ? CROP_PCT_224 : 1.0;
        ObjectNode source = Json.object();
        source.put("preset", name);
        source.put("publishedWeights", TIMM_WEIGHTS.get(name));
        String description = "TinyViT preset " + name + " (ImageNet-1k, " + spec.imgSize() + " px); weights: "
                + TIMM_WEIGHTS.get(name) + " (model.safetensors), supplied by you";
        ZooEntry entry = new ZooEntry(name, description, spec, Preprocessing.imageNet(spec.imgSize(), cropPct),
                numberedClasses(spec.numClasses()), null, source);
        return new ZooItem(entry, ZooItem.Kind.PRESET, null, null);
    }

    /** The Hugging Face repository of a preset's published weights, e.g. {@code timm/tiny_vit_5m_224.in1k}. */
    public static String publishedWeights(String preset) {
        Presets.get(preset); // refuses an unknown name with the list of presets
        return TIMM_WEIGHTS.get(preset);
    }

    /** How to give a preset its weights: the message of every refusal for lack of them. */
    public static String weightsAdvice(String name) {
        return "zoo model '" + name + "' is a preset and nothing can be downloaded here: download "
                + TIMM_WEIGHTS.get(name) + " (model.safetensors) or convert a reference checkpoint, then pass it with "
                + "Criteria.builder()...optArgument(\"weights\", \"/path/model.safetensors\")";
    }

    /** "class 0" … "class n-1": the names of a preset's classes when no synset file is given. */
    public static List<String> numberedClasses(int count) {
        return IntStream.range(0, count).mapToObj(i -> "class " + i).toList();
    }
}
