package org.tinyvit.search.worker;

import java.nio.file.Path;
import org.tinyvit.data.DataSource;
import org.tinyvit.io.Json;
import org.tinyvit.io.StrictFields;
import org.tinyvit.model.Families;
import org.tinyvit.search.Candidate;
import org.tinyvit.search.JournalEntry;
import org.tinyvit.search.ProxyRun;
import org.tinyvit.search.ProxySettings;
import tools.jackson.core.JacksonException;
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
    /** 2: a candidate's run of several epochs repeats its images (journal format 4), so a worker of version 1 would train another run. */
    public static final int FORMAT_VERSION = 2;

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
        StrictFields f = fields(line, "setup");
        DataSource data = DataSource.fromJson(f.object("data"));
        StrictFields p = f.object("proxy");
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
        StrictFields f = fields(line, "ready");
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
        StrictFields f = fields(line, "candidate");
        long id = f.longInteger("id");
        String role = f.string("role");
        String budget = f.string("budget");
        var spec = Families.parse(f.object("spec").node(), "worker message 'candidate', field 'spec'");
        Job job = new Job(id, new Candidate(role, budget, spec, new ProxyRun(f.integer("samples"), f.integer("epochs"))));
        f.end();
        return job;
    }

    public static String write(Answer a) {
        return line("result", "id", a.id(), "entry", a.entry().toJson());
    }

    public static Answer readAnswer(String line) {
        StrictFields f = fields(line, "result");
        long id = f.longInteger("id");
        StrictFields e = f.object("entry");
        JournalEntry entry;
        try {
            entry = JournalEntry.fromJson(e.node());
        } catch (IllegalArgumentException | JacksonException ex) {
            throw f.refuse("entry", "is not a journal entry (" + ex.getMessage() + ")");
        }
        f.end();
        return new Answer(id, entry);
    }

    private static StrictFields fields(String line, String type) {
        return StrictFields.of(line, "worker message", type, FORMAT_VERSION);
    }

    private static String line(String type, Object... namesAndValues) {
        ObjectNode node = Json.object("formatVersion", FORMAT_VERSION, "type", type);
        return Json.compact(Json.with(node, namesAndValues));
    }
}
