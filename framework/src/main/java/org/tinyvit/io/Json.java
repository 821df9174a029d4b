package org.tinyvit.io;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the project: strict on input, stable on output. */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonMapper PRETTY = MAPPER.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {}

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * An object of the given names and values, in that order:
     * {@code Json.object("params", 5_392_764L, "lr", 1e-3f, "spec", spec.toJson())}. Values may be
     * strings, numbers, booleans, JSON nodes or null; null and NaN become JSON null.
     */
    public static ObjectNode object(Object... namesAndValues) {
        return with(object(), namesAndValues);
    }

    /** Adds names and values to {@code node} as {@link #object(Object...)} does; returns {@code node}. */
    public static ObjectNode with(ObjectNode node, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs, got " + namesAndValues.length + " items");
        }
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = (String) namesAndValues[i];
            switch (namesAndValues[i + 1]) {
                case null -> node.putNull(name);
                case String v -> node.put(name, v);
                case Integer v -> node.put(name, v);
                case Long v -> node.put(name, v);
                case Float v -> node.put(name, v);
                case Double v when v.isNaN() -> node.putNull(name);
                case Double v -> node.put(name, v);
                case Boolean v -> node.put(name, v);
                case JsonNode v -> node.set(name, v);
                default -> throw new IllegalArgumentException(name + ": no JSON form for " + namesAndValues[i + 1].getClass().getName());
            }
        }
        return node;
    }

    public static JsonNode parse(String text) {
        return MAPPER.readTree(text);
    }

    public static String compact(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static String pretty(Object value) {
        return PRETTY.writeValueAsString(value);
    }

    /**
     * One {@code "name was, not asked"} per name in {@code names} whose value in {@code found}
     * differs from its value in {@code asked}, a missing or null value written {@code (none)}: the
     * words of a refusal to reuse a file made with other settings.
     */
    public static List<String> differences(JsonNode found, JsonNode asked, Iterable<String> names) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            JsonNode was = found.get(name);
            JsonNode now = asked.get(name);
            if (was == null || now == null || !was.equals(now)) {
                out.add(name + " " + shown(was) + ", not " + shown(now));
            }
        }
        return out;
    }

    private static String shown(JsonNode value) {
        return value == null || value.isNull() ? "(none)" : value.toString();
    }
}
