package org.tinyvit.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The known model families: every {@link ModelFamily} listed by {@link ServiceLoader} (TinyViT
 * and the plain ViT ship in this module's service file). A spec's JSON names its family in a
 * {@code family} field; without one it is a TinyViT spec.
 */
public final class Families {
    public static final String FAMILY_FIELD = "family";
    /** The family of a spec without a {@code family} field. */
    public static final String DEFAULT_FAMILY = "tinyvit";
    /** Deployment input of the budgets: what 5M/11M/21M mean in the paper. */
    public static final int DEPLOY_IMG_SIZE = 224;
    public static final int DEPLOY_IN_CHANS = 3;
    public static final int DEPLOY_NUM_CLASSES = 1000;

    private Families() {}

    public static List<ModelFamily<?>> all() {
        Map<String, ModelFamily<?>> byName = new LinkedHashMap<>();
        for (ModelFamily<?> f : ServiceLoader.load(ModelFamily.class)) {
            byName.putIfAbsent(f.name(), f);
        }
        return new ArrayList<>(byName.values());
    }

    public static ModelFamily<?> named(String name) {
        for (ModelFamily<?> f : all()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new TinyVitException("unknown model family '" + name + "' (known: "
                + String.join(", ", all().stream().map(ModelFamily::name).toList()) + ")");
    }

    public static ModelFamily<?> of(StudentSpec spec) {
        return named(spec.family());
    }

    /** Reads a spec of any family from JSON; {@code source} starts every error message. */
    public static StudentSpec parse(JsonNode node, String source) {
        if (node == null || !node.isObject()) {
            throw new TinyVitException(source + ": a spec must be a JSON object");
        }
        JsonNode family = node.get(FAMILY_FIELD);
        if (family != null && !family.isString()) {
            throw new TinyVitException(source + ": field '" + FAMILY_FIELD + "' must be a string");
        }
        String name = family == null ? DEFAULT_FAMILY : family.asString();
        ModelFamily<?> f;
        try {
            f = named(name);
        } catch (TinyVitException e) {
            throw new TinyVitException(source + ": " + e.getMessage());
        }
        return f.parse(node, source);
    }

    public static StudentSpec parse(String json, String source) {
        try {
            return parse(Json.parse(json), source);
        } catch (JacksonException e) {
            throw new TinyVitException(source + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    public static long params(StudentSpec spec) {
        return of(spec).costOf(spec).params();
    }

    public static long macs(StudentSpec spec) {
        return of(spec).costOf(spec).macs();
    }

    /** The spec at the deployment input (224 px, 3 channels, 1000 classes). */
    public static StudentSpec deployed(StudentSpec spec) {
        return spec.withInput(DEPLOY_IMG_SIZE, DEPLOY_IN_CHANS, DEPLOY_NUM_CLASSES);
    }
}
