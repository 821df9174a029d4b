package org.tinyvit.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How an image becomes a model input: resize the shorter side to {@code resize} pixels, take the
 * centre {@code crop} × {@code crop}, scale to [0, 1], then subtract {@code mean} and divide by
 * {@code std} per channel. JSON: {@code {"resize":235,"crop":224,"inChans":3,"mean":[…],"std":[…]}}.
 *
 * <pre>{@code
 * Preprocessing imageNet = Preprocessing.imageNet(224, 0.95);           // resize 235, crop 224
 * Preprocessing fashion = Preprocessing.ofTraining(28, data.mean(), data.std());
 * }</pre>
 */
public record Preprocessing(int resize, int crop, int inChans, List<Double> mean, List<Double> std) {
    public static final List<Double> IMAGENET_MEAN = List.of(0.485, 0.456, 0.406);
    public static final List<Double> IMAGENET_STD = List.of(0.229, 0.224, 0.225);
    private static final Set<String> FIELDS = Set.of("resize", "crop", "inChans", "mean", "std");

    /** Checks every field; the message names the field. */
    public Preprocessing {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        require(crop > 0, "crop", "must be positive, got " + crop);
        require(resize >= crop, "resize", "must be at least crop " + crop + ", got " + resize);
        require(inChans > 0, "inChans", "must be positive, got " + inChans);
        require(mean.size() == inChans, "mean", "needs one value per channel (" + inChans + "), got " + mean.size());
        require(std.size() == inChans, "std", "needs one value per channel (" + inChans + "), got " + std.size());
        for (double s : std) {
            require(s > 0 && Double.isFinite(s), "std", "values must be positive, got " + s);
        }
        for (double m : mean) {
            require(Double.isFinite(m), "mean", "values must be finite, got " + m);
        }
    }

    /** timm's evaluation transform: shorter side to floor(size / cropPct), centre crop, ImageNet statistics. */
    public static Preprocessing imageNet(int size, double cropPct) {
        return new Preprocessing((int) Math.floor(size / cropPct), size, 3, IMAGENET_MEAN, IMAGENET_STD);
    }

    /** What training evaluated on: the whole image at {@code size}, normalised by the training split's statistics. */
    public static Preprocessing ofTraining(int size, float[] mean, float[] std) {
        return new Preprocessing(size, size, mean.length, decimals(mean), decimals(std));
    }

    public float[] meanArray() {
        return floats(mean);
    }

    public float[] stdArray() {
        return floats(std);
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("resize", resize);
        node.put("crop", crop);
        node.put("inChans", inChans);
        mean.forEach(node.putArray("mean")::add);
        std.forEach(node.putArray("std")::add);
        return node;
    }

    /** Reads the JSON form strictly; {@code source} starts every message. */
    public static Preprocessing fromJson(JsonNode node, String source) {
        if (node == null || !node.isObject()) {
            throw new TinyVitException(source + ": preprocessing must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new TinyVitException(source + ": unknown preprocessing field '" + field.getKey() + "' (known: resize, crop, inChans, mean, std)");
            }
        }
        try {
            return new Preprocessing(integer(node, "resize", source), integer(node, "crop", source), integer(node, "inChans", source),
                    numbers(node, "mean", source), numbers(node, "std", source));
        } catch (TinyVitException e) {
            throw e.getMessage().startsWith(source) ? e : new TinyVitException(source + ": " + e.getMessage());
        }
    }

    private static int integer(JsonNode node, String field, String source) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new TinyVitException(source + ": preprocessing field '" + field + "' must be an integer, got " + v);
        }
        return v.intValue();
    }

    private static List<Double> numbers(JsonNode node, String field, String source) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw new TinyVitException(source + ": preprocessing field '" + field + "' must be an array of numbers, got " + v);
        }
        List<Double> values = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isNumber()) {
                throw new TinyVitException(source + ": preprocessing field '" + field + "' must hold numbers, got " + x);
            }
            values.add(x.doubleValue());
        }
        return values;
    }

    /** Each float as its shortest decimal, so the JSON reads 0.286, not 0.28600001335144043. */
    private static List<Double> decimals(float[] values) {
        List<Double> list = new ArrayList<>();
        for (float v : values) {
            list.add(Double.parseDouble(Float.toString(v)));
        }
        return list;
    }

    private static float[] floats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    private static void require(boolean ok, String field, String problem) {
        if (!ok) {
            throw new TinyVitException("preprocessing field '" + field + "': " + problem);
        }
    }
}
