package org.tinyvit.search;

import org.tinyvit.io.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One finished evaluation, a line of {@code journal.jsonl}.
 *
 * @param key the canonical key of the spec (at deployment input)
 * @param role {@code candidate} or {@code preset} (a hand-designed model scored for comparison)
 * @param budget the budget's label the evaluation belonged to
 * @param spec the spec's JSON
 * @param params parameters at deployment (224 px, 1000 classes)
 * @param macs MACs at deployment
 * @param run the proxy run's length
 * @param fitness validation accuracy, NaN when failed
 * @param trainLoss the run's mean training loss, NaN when failed or not measured (lines before
 *     format 3)
 * @param seconds wall time of the run
 * @param status {@code ok} or {@code failed}
 * @param reason why it failed, else null (journals of 2026-11-24 may hold, for an ok run, why a
 *     first attempt that a seeded rerun replaced did not finish)
 * @param execution where it ran, how long it waited for a worker and how long it occupied it
 */
public record JournalEntry(String key, String role, String budget, JsonNode spec, long params, long macs, ProxyRun run, double fitness,
        double trainLoss, double seconds, String status, String reason, Execution execution) {
    public static final String OK = "ok";
    public static final String FAILED = "failed";

    /** The same evaluation, recorded as having run as {@code where} says. */
    public JournalEntry withExecution(Execution where) {
        return new JournalEntry(key, role, budget, spec, params, macs, run, fitness, trainLoss, seconds, status, reason, where);
    }

    public boolean ok() {
        return OK.equals(status);
    }

    /** What identifies a training run: the spec and the run's length. */
    public String runKey() {
        return runKey(key, run);
    }

    static String runKey(String key, ProxyRun run) {
        return key + "|" + run.samples() + "x" + run.epochs();
    }

    /** The entry's journal line, in this format, less what the run trained with (the {@link Journal} adds it: it is the journal's, not the entry's). */
    public ObjectNode toJson() {
        ObjectNode n = Json.object("formatVersion", Journal.FORMAT_VERSION, "key", key, "role", role, "budget", budget, "spec", spec,
                "params", params, "macs", macs, "samples", run.samples(), "epochs", run.epochs(), "fitness", fitness,
                "trainLoss", trainLoss, "seconds", seconds,
                "host", execution.host(), "pid", execution.pid(), "worker", execution.worker(), "device", execution.device(),
                "waitSeconds", execution.waitSeconds(), "trainSeconds", execution.trainSeconds(), "status", status);
        if (reason != null) {
            n.put("reason", reason);
        }
        return n;
    }

    /**
     * Reads an entry of this format (a journal line's {@code trainedWith} is the {@link Journal}'s
     * to check), of format 2 (before the training loss was recorded) or of format 1 (before executions
     * were recorded: see {@link Execution#unrecorded}).
     */
    public static JournalEntry fromJson(JsonNode n) {
        require(n, "formatVersion", "key", "role", "budget", "spec", "params", "macs", "samples", "epochs", "fitness", "seconds", "status");
        int version = n.get("formatVersion").asInt(-1);
        if (version < 1 || version > Journal.FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion " + n.get("formatVersion") + " is not 1 to " + Journal.FORMAT_VERSION);
        }
        if (version > 1) {
            require(n, "host", "pid", "worker", "device", "waitSeconds", "trainSeconds");
        }
        if (version > 2) {
            require(n, "trainLoss");
        }
        String status = n.get("status").asString();
        if (!OK.equals(status) && !FAILED.equals(status)) {
            throw new IllegalArgumentException("status must be ok or failed, got " + n.get("status"));
        }
        double fitness = n.get("fitness").isNull() ? Double.NaN : n.get("fitness").asDouble();
        double trainLoss = version < 3 || n.get("trainLoss").isNull() ? Double.NaN : n.get("trainLoss").asDouble();
        return new JournalEntry(n.get("key").asString(), n.get("role").asString(), n.get("budget").asString(), n.get("spec"),
                n.get("params").asLong(), n.get("macs").asLong(), new ProxyRun(n.get("samples").asInt(), n.get("epochs").asInt()), fitness, trainLoss,
                n.get("seconds").asDouble(), status, n.has("reason") ? n.get("reason").asString() : null, execution(n, version));
    }

    private static Execution execution(JsonNode n, int version) {
        if (version == 1) {
            return Execution.unrecorded(n.get("seconds").asDouble());
        }
        return new Execution(n.get("host").asString(), n.get("pid").asLong(), n.get("worker").asString(), n.get("device").asString(),
                n.get("waitSeconds").asDouble(), n.get("trainSeconds").asDouble());
    }

    private static void require(JsonNode n, String... fields) {
        for (String field : fields) {
            if (!n.has(field)) {
                throw new IllegalArgumentException("missing field '" + field + "'");
            }
        }
    }
}
