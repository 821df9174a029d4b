package org.tinyvit.search.worker;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSource;
import org.tinyvit.io.Json;
import org.tinyvit.model.Families;
import org.tinyvit.search.Candidate;
import org.tinyvit.search.JournalEntry;
import org.tinyvit.search.ProxyRun;
import org.tinyvit.search.ProxySettings;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The worker protocol: one JSON object a line on a worker's stdin (driver to worker) and stdout
 * (worker to driver), each with {@code formatVersion} and {@code type}. The driver sends one
 * {@code setup}, the worker answers {@code ready} once its data is loaded; then each
 * {@code candidate} line is answered by one {@code result} line holding the journal entry.
 * Reading is strict: a missing, mistyped or unknown field refuses the line, naming the field.
 *
 * <pre>{@code
 * String line = WorkerMessages.write(new WorkerMessages.Job(7, candidate));
 * WorkerMessages.Job job = WorkerMessages.readJob(line);   // equal to the one written
 * }</pre>
 */
public final class WorkerMessages {
    public static final int FORMAT_VERSION = 1;

    private WorkerMessages() {}

    /** What every worker of a pool trains with, and who it is. */
    public record Setup(DataSource data, Path store, ProxySettings proxy, String worker, String device) {}

    /** The worker has loaded its data and waits for candidates. */
    public record Ready(String worker, String host, long pid, String device) {}

    /** One candidate to evaluate; {@code id} is echoed in its {@link Answer}. */
    public record Job(long id, Candidate candidate) {}

    /** A candidate's journal entry, as its worker recorded it. */
    public record Answer(long id, JournalEntry entry) {}

    public static String write(Setup s) {
        ObjectNode proxy = Json.object("batch", s.proxy().batch(), "lr", s.proxy().lr(), "seed", s.proxy().seed(), "valImages", s.proxy().valImages());
        return line("setup", "data", s.data().toJson(), "store", s.store().toAbsolutePath().toString(), "proxy", proxy, "worker", s.worker(), "device", s.device());
    }

    public static Setup readSetup(String line) {
        Fields f = Fields.of(line, "setup");
        Fields d = f.object("data");
        DataSource data = DataSource.of(d.optionalString("dir").map(Path::of).orElse(null), d.string("format"), d.integer("folderSize"),
                d.bool("grey")).withTrainSamples(d.integer("trainSamples"));
        d.end();
        Fields p = f.object("proxy");
        ProxySettings proxy = new ProxySettings(p.integer("batch"), (float) p.number("lr"), p.longInteger("seed"), p.integer("valImages"));
        p.end();
        Setup setup = new Setup(data, Path.of(f.string("store")), proxy, f.string("worker"), f.string("device"));
        f.end();
        return setup;
    }

    public static String write(Ready r) {
        return line("ready", "worker", r.worker(), "host", r.host(), "pid", r.pid(), "device", r.device());
    }

    public static Ready readReady(String line) {
        Fields f = Fields.of(line, "ready");
        Ready ready = new Ready(f.string("worker"), f.string("host"), f.longInteger("pid"), f.string("device"));
        f.end();
        return ready;
    }

    public static String write(Job j) {
        Candidate c = j.candidate();
        return line("candidate", "id", j.id(), "role", c.role(), "budget", c.budget(), "spec", c.spec().toJson(), "samples", c.run().samples(),
                "epochs", c.run().epochs());
    }

    public static Job readJob(String line) {
        Fields f = Fields.of(line, "candidate");
        long id = f.longInteger("id");
        String role = f.string("role");
        String budget = f.string("budget");
        var spec = Families.parse(f.object("spec").node, "worker message 'candidate', field 'spec'");
        Job job = new Job(id, new Candidate(role, budget, spec, new ProxyRun(f.integer("samples"), f.integer("epochs"))));
        f.end();
        return job;
    }

    public static String write(Answer a) {
        return line("result", "id", a.id(), "entry", a.entry().toJson());
    }

    public static Answer readAnswer(String line) {
        Fields f = Fields.of(line, "result");
        long id = f.longInteger("id");
        Fields e = f.object("entry");
        JournalEntry entry;
        try {
            entry = JournalEntry.fromJson(e.node);
        } catch (IllegalArgumentException | JacksonException ex) {
            throw f.refuse("entry", "is not a journal entry (" + ex.getMessage() + ")");
        }
        f.end();
        return new Answer(id, entry);
    }

    private static String line(String type, Object... namesAndValues) {
        ObjectNode node = Json.object("formatVersion", FORMAT_VERSION, "type", type);
        return Json.compact(Json.with(node, namesAndValues));
    }

    /** Strict reading of one message object: each field read once, and none left unread. */
    private static final class Fields {
        final JsonNode node;
        private final String message;
        private final String prefix;
        private final Set<String> read = new HashSet<>();

        private Fields(JsonNode node, String message, String prefix) {
            this.node = node;
            this.message = message;
            this.prefix = prefix;
        }

        static Fields of(String line, String type) {
            JsonNode node;
            try {
                node = Json.parse(line);
            } catch (JacksonException e) {
                throw new TinyVitException("bad worker message (expected '" + type + "'): not JSON (" + e.getOriginalMessage() + ")");
            }
            if (!node.isObject()) {
                throw new TinyVitException("bad worker message (expected '" + type + "'): not a JSON object");
            }
            Fields f = new Fields(node, type, "");
            if (f.longInteger("formatVersion") != FORMAT_VERSION) {
                throw f.refuse("formatVersion", "is " + node.get("formatVersion") + ", this worker protocol is version " + FORMAT_VERSION);
            }
            if (!f.string("type").equals(type)) {
                throw f.refuse("type", "is " + node.get("type") + ", expected '" + type + "'");
            }
            return f;
        }

        TinyVitException refuse(String field, String problem) {
            return new TinyVitException("bad worker message '" + message + "': field '" + prefix + field + "' " + problem);
        }

        private JsonNode get(String field) {
            read.add(field);
            JsonNode v = node.get(field);
            if (v == null) {
                throw refuse(field, "is missing");
            }
            return v;
        }

        private JsonNode get(String field, Predicate<JsonNode> ok, String what) {
            JsonNode v = get(field);
            if (!ok.test(v)) {
                throw refuse(field, "must be " + what + ", got " + v);
            }
            return v;
        }

        String string(String field) {
            return get(field, JsonNode::isString, "a string").asString();
        }

        /** A string or null, but present. */
        Optional<String> optionalString(String field) {
            JsonNode v = get(field, n -> n.isNull() || n.isString(), "a string or null");
            return v.isNull() ? Optional.empty() : Optional.of(v.asString());
        }

        int integer(String field) {
            return get(field, v -> v.isIntegralNumber() && v.canConvertToInt(), "an integer").intValue();
        }

        long longInteger(String field) {
            return get(field, v -> v.isIntegralNumber() && v.canConvertToLong(), "an integer").longValue();
        }

        double number(String field) {
            return get(field, JsonNode::isNumber, "a number").doubleValue();
        }

        boolean bool(String field) {
            return get(field, JsonNode::isBoolean, "true or false").booleanValue();
        }

        Fields object(String field) {
            return new Fields(get(field, JsonNode::isObject, "an object"), message, prefix + field + ".");
        }

        /** Refuses the fields nobody read: a message from another version or a typo must not be half understood. */
        void end() {
            for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext();) {
                String name = names.next();
                if (!read.contains(name)) {
                    throw refuse(name, "is not part of the protocol");
                }
            }
        }
    }
}
