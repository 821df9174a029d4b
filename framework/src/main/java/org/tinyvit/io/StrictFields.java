package org.tinyvit.io;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.tinyvit.TinyVitException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Strict reading of one JSON message between processes: each field read once, with its type
 * checked, and none left unread ({@link #end()}), so that a message from another version or with a
 * typo is refused in one line naming the field instead of being half understood.
 *
 * <pre>{@code
 * StrictFields f = StrictFields.of(line, "worker message", "setup", 1);   // checks formatVersion and type
 * String store = f.string("store");
 * DataSource data = DataSource.fromJson(f.object("data"));
 * f.end();
 * }</pre>
 */
public final class StrictFields {
    private final JsonNode node;
    private final String what;
    private final String prefix;
    private final Set<String> read = new HashSet<>();

    private StrictFields(JsonNode node, String what, String prefix) {
        this.node = node;
        this.what = what;
        this.prefix = prefix;
    }

    /**
     * Parses {@code line} and checks its {@code formatVersion} and {@code type}; {@code kind} names
     * the protocol in messages ("worker message", "family job").
     */
    public static StrictFields of(String line, String kind, String type, int formatVersion) {
        JsonNode node;
        try {
            node = Json.parse(line);
        } catch (JacksonException e) {
            throw new TinyVitException("bad " + kind + " (expected '" + type + "'): not JSON (" + e.getOriginalMessage() + ")");
        }
        if (!node.isObject()) {
            throw new TinyVitException("bad " + kind + " (expected '" + type + "'): not a JSON object");
        }
        StrictFields f = new StrictFields(node, "bad " + kind + " '" + type + "'", "");
        if (f.longInteger("formatVersion") != formatVersion) {
            throw f.refuse("formatVersion", "is " + node.get("formatVersion") + ", this reader knows version " + formatVersion);
        }
        if (!f.string("type").equals(type)) {
            throw f.refuse("type", "is " + node.get("type") + ", expected '" + type + "'");
        }
        return f;
    }

    /** The object itself, for a reader that parses a whole value (a spec, a journal entry) on its own. */
    public JsonNode node() {
        return node;
    }

    public TinyVitException refuse(String field, String problem) {
        return new TinyVitException(what + ": field '" + prefix + field + "' " + problem);
    }

    private JsonNode get(String field) {
        read.add(field);
        JsonNode v = node.get(field);
        if (v == null) {
            throw refuse(field, "is missing");
        }
        return v;
    }

    private JsonNode get(String field, Predicate<JsonNode> ok, String expected) {
        JsonNode v = get(field);
        if (!ok.test(v)) {
            throw refuse(field, "must be " + expected + ", got " + v);
        }
        return v;
    }

    public String string(String field) {
        return get(field, JsonNode::isString, "a string").asString();
    }

    /** A string or null, but present. */
    public Optional<String> optionalString(String field) {
        JsonNode v = get(field, n -> n.isNull() || n.isString(), "a string or null");
        return v.isNull() ? Optional.empty() : Optional.of(v.asString());
    }

    public int integer(String field) {
        return get(field, v -> v.isIntegralNumber() && v.canConvertToInt(), "an integer").intValue();
    }

    public long longInteger(String field) {
        return get(field, v -> v.isIntegralNumber() && v.canConvertToLong(), "an integer").longValue();
    }

    public double number(String field) {
        return get(field, JsonNode::isNumber, "a number").doubleValue();
    }

    public boolean bool(String field) {
        return get(field, JsonNode::isBoolean, "true or false").booleanValue();
    }

    /** A nested object, read with the same strictness; its fields are named {@code field.name} in messages. */
    public StrictFields object(String field) {
        return new StrictFields(get(field, JsonNode::isObject, "an object"), what, prefix + field + ".");
    }

    /** Refuses the fields nobody read. */
    public void end() {
        for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext();) {
            String name = names.next();
            if (!read.contains(name)) {
                throw refuse(name, "is not part of the protocol");
            }
        }
    }
}
