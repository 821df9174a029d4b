package org.tinyvit.search;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The search's append-only record, {@code journal.jsonl}: one JSON object per finished
 * evaluation (see {@link JournalEntry}), each line written with one call and fsynced before
 * the search goes on, so a killed search keeps every finished evaluation. A last line without
 * its newline (the process died while writing it) is dropped on reopening; any other bad line
 * is refused with the file and line number. Lines of format 1, written before entries recorded
 * where they ran, are read with the execution fields they imply ({@link Execution#unrecorded});
 * lines of formats 1 and 2, written before the training loss was recorded, read with a NaN loss;
 * a run of several epochs of formats 1 to 3 is left out (said on stderr) and trained again as runs
 * are now: on part of the training images those drew other images every epoch (a run on all of
 * them trained as it does now, and is trained again all the same, as the line cannot tell).
 * Since format 5 each line records what its run trained with besides the model and the run's
 * length ({@code trainedWith}: see {@link Search.Settings#trainedWith()}), and a journal is
 * resumed only with the same: a line trained otherwise is refused, naming what differs, rather
 * than reused as if it had been trained with this search's settings. Lines of formats 1 to 4 did
 * not record it and are reused unchecked (said on stderr).
 */
public final class Journal implements AutoCloseable {
    public static final String FILE = "journal.jsonl";
    /**
     * 5: each line records what its run trained with ({@code trainedWith}). 4: a run of several
     * epochs repeats its images (before, each epoch drew its own, so those runs are not reused).
     */
    public static final int FORMAT_VERSION = 5;
    static final String TRAINED_WITH = "trainedWith";

    private final Path file;
    private final FileChannel channel;
    private final ObjectNode trainedWith;
    private final List<JournalEntry> entries = new ArrayList<>();
    private final Map<String, JournalEntry> byRun = new LinkedHashMap<>();

    private Journal(Path file, List<JournalEntry> existing, ObjectNode trainedWith) throws IOException {
        this.file = file;
        this.trainedWith = trainedWith.deepCopy();
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        existing.forEach(this::remember);
    }

    /** {@link #open(Path, boolean, ObjectNode)} for runs that depend on nothing but the model and the run's length (a stand-in proxy). */
    public static Journal open(Path dir, boolean resume) {
        return open(dir, resume, Json.object());
    }

    /**
     * Opens the journal in {@code dir} for runs trained with {@code trainedWith}. With
     * {@code resume}, its entries are kept, and a line that records other training settings is
     * refused; without it, an existing non-empty journal is refused so that nothing is
     * overwritten by accident.
     */
    public static Journal open(Path dir, boolean resume, ObjectNode trainedWith) {
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            List<JournalEntry> existing = List.of();
            if (Files.exists(file) && Files.size(file) > 0) {
                if (!resume) {
                    throw new TinyVitException(file + ": a search journal already exists; resume the search to continue it, or choose another output folder");
                }
                existing = read(file, true, trainedWith);
            }
            return new Journal(file, existing, trainedWith);
        } catch (IOException e) {
            throw new TinyVitException(file + ": cannot open the journal (" + e.getMessage() + ")");
        }
    }

    /** Reads every entry; a torn last line is dropped from the file when {@code repair} is set. */
    public static List<JournalEntry> read(Path file, boolean repair) {
        return read(file, repair, null);
    }

    /** {@link #read(Path, boolean)}, refusing a line of format 5 or later not trained with {@code trainedWith} (null: no check). */
    private static List<JournalEntry> read(Path file, boolean repair, ObjectNode trainedWith) {
        JsonNode expected = trainedWith == null ? null : Json.parse(Json.compact(trainedWith)); // numbers as a file holds them
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TinyVitException(file + ": cannot read the journal (" + e.getMessage() + ")");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int complete = text.lastIndexOf('\n') + 1;
        if (complete < text.length()) {
            System.err.println("tinyvit: " + file + ": dropping an unfinished last line (the search was stopped while writing it)");
            if (repair) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length);
                    ch.force(true);
                } catch (IOException e) {
                    throw new TinyVitException(file + ": cannot drop the unfinished last line (" + e.getMessage() + ")");
                }
            }
        }
        List<JournalEntry> entries = new ArrayList<>();
        String[] lines = text.substring(0, complete).split("\n");
        int otherImages = 0;
        int unchecked = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode line;
            JournalEntry entry;
            try {
                line = Json.parse(lines[i]);
                entry = JournalEntry.fromJson(line);
                if (line.get("formatVersion").asInt() >= 5 && !line.has(TRAINED_WITH)) {
                    throw new IllegalArgumentException("missing field '" + TRAINED_WITH + "'");
                }
            } catch (JacksonException | IllegalArgumentException | TinyVitException e) {
                String why = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
                throw new TinyVitException(file + ": line " + (i + 1) + " is not a journal entry (" + why + ")");
            }
            if (expected != null && !line.has(TRAINED_WITH)) {
                unchecked++;
            } else if (expected != null && !expected.equals(line.get(TRAINED_WITH))) {
                throw new TinyVitException(file + ": line " + (i + 1) + " was trained with " + differences(line.get(TRAINED_WITH), expected)
                        + "; resume a search only with the settings and logit store its journal was made with, or choose another output folder");
            }
            if (entry.run().epochs() > 1 && line.get("formatVersion").asInt() < 4) {
                otherImages++;
            } else {
                entries.add(entry);
            }
        }
        if (unchecked > 0) {
            System.err.printf(Locale.ROOT, "tinyvit: %s: %d runs were written before format 5 and do not record what they trained with;"
                    + " reused as they are%n", file, unchecked);
        }
        if (otherImages > 0) {
            System.err.printf(Locale.ROOT, "tinyvit: %s: %d runs of several epochs were written before format 4, when a run on part of the"
                    + " training images drew other ones every epoch; they are trained again%n", file, otherImages);
        }
        return entries;
    }

    /** "lr 0.002, not 0.001, ..." for each setting where {@code found} differs from {@code asked}. */
    private static String differences(JsonNode found, JsonNode asked) {
        if (found == null || !found.isObject()) {
            return "settings that are not recorded as an object (" + found + ")";
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>(asked.propertyNames());
        names.addAll(found.propertyNames());
        return String.join(", ", Json.differences(found, asked, names));
    }

    private void remember(JournalEntry e) {
        entries.add(e);
        byRun.put(e.runKey(), e);
    }

    /** The finished evaluation of this spec and run length, or null. */
    public synchronized JournalEntry find(String key, ProxyRun run) {
        return byRun.get(JournalEntry.runKey(key, run));
    }

    public synchronized List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    public Path file() {
        return file;
    }

    /** Appends one entry and forces it to disk before returning. */
    public synchronized void append(JournalEntry entry) {
        ObjectNode json = entry.toJson();
        json.set(TRAINED_WITH, trainedWith);
        byte[] line = (Json.compact(json) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new TinyVitException(file + ": cannot append to the journal (" + e.getMessage() + ")");
        }
        remember(entry);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new TinyVitException(file + ": cannot close the journal (" + e.getMessage() + ")");
        }
    }
}
