package org.tinyvit.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.AtomicFiles;
import org.tinyvit.io.Json;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code family.json}: what a search chose per budget, with the hand-designed preset's proxy
 * accuracy from the same run beside it. Versioned, written atomically, read strictly.
 */
public final class FamilyFile {
    public static final String FILE = "family.json";
    public static final int FORMAT_VERSION = 1;

    /** One chosen model as {@code train-family} reads it back, with the budget's hand-designed preset when it has one. */
    public record Member(String budget, StudentSpec spec, long params, long macs, double proxyAccuracy, Optional<Preset> preset) {}

    /** A budget's hand-designed model: its preset name, spec and deployment cost. */
    public record Preset(String name, StudentSpec spec, long params, long macs) {}

    private FamilyFile() {}

    public static ObjectNode toJson(ObjectNode header, List<ContractionSearch.Result> results) {
        ObjectNode root = Json.object();
        root.put("formatVersion", FORMAT_VERSION);
        root.setAll(header);
        ArrayNode members = root.putArray("members");
        for (ContractionSearch.Result r : results) {
            ObjectNode m = members.addObject();
            m.put("budget", r.budget().label());
            m.put("macsBudget", r.budget().macsLabel());
            entry(m, r.best());
            if (r.preset().isPresent()) {
                ObjectNode preset = m.putObject("preset");
                preset.put("name", r.preset().get().name());
                entry(preset, r.preset().get().run());
            } else {
                m.putNull("preset");
            }
            if (!r.paretoFront().isEmpty()) {
                ArrayNode front = m.putArray("paretoFront");
                r.paretoFront().forEach(e -> entry(front.addObject(), e));
            }
        }
        return root;
    }

    private static void entry(ObjectNode node, JournalEntry e) {
        node.put("key", e.key());
        node.set("spec", e.spec());
        node.put("params", e.params());
        node.put("macs", e.macs());
        if (e.ok()) {
            Json.with(node, "proxyAccuracy", e.fitness(), "proxyTrainLoss", e.trainLoss()); // NaN (not measured) as null
        } else {
            node.putNull("proxyAccuracy");
            node.put("reason", e.reason());
        }
        node.put("proxySamples", e.run().samples());
        node.put("proxyEpochs", e.run().epochs());
    }

    public static void write(Path file, ObjectNode family) {
        AtomicFiles.writeString(file, Json.pretty(family) + "\n");
    }

    public static List<Member> read(Path file) {
        JsonNode root = root(file);
        JsonNode members = root.get("members");
        if (members == null || !members.isArray() || members.isEmpty()) {
            throw new TinyVitException(file + ": has no members");
        }
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            JsonNode m = members.get(i);
            String where = file + ": member " + i;
            for (String field : new String[] {"budget", "spec", "params", "macs", "proxyAccuracy"}) {
                if (!m.has(field)) {
                    throw new TinyVitException(where + " has no '" + field + "'");
                }
            }
            StudentSpec spec = Families.parse(m.get("spec"), where);
            out.add(new Member(m.get("budget").asString(), spec, m.get("params").asLong(), m.get("macs").asLong(),
                    m.get("proxyAccuracy").isNull() ? Double.NaN : m.get("proxyAccuracy").asDouble(), preset(m.get("preset"), where + "'s preset")));
        }
        return out;
    }

    /** The whole file, its format checked: the search's header ({@code seed}, {@code settings}, …) and its members. */
    public static JsonNode root(Path file) {
        JsonNode root;
        try {
            root = Json.parse(Files.readString(file));
        } catch (IOException e) {
            throw new TinyVitException(file + ": cannot read (" + e.getMessage() + ")");
        } catch (JacksonException e) {
            throw new TinyVitException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!root.isObject() || root.path("formatVersion").asInt(-1) != FORMAT_VERSION) {
            throw new TinyVitException(file + ": not a family file of format version " + FORMAT_VERSION + " (formatVersion " + root.get("formatVersion") + ")");
        }
        return root;
    }

    private static Optional<Preset> preset(JsonNode p, String where) {
        if (p == null || p.isNull()) {
            return Optional.empty();
        }
        for (String field : new String[] {"name", "spec", "params", "macs"}) {
            if (!p.has(field)) {
                throw new TinyVitException(where + " has no '" + field + "'");
            }
        }
        return Optional.of(new Preset(p.get("name").asString(), Families.parse(p.get("spec"), where), p.get("params").asLong(), p.get("macs").asLong()));
    }
}
