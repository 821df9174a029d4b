package org.tinyvit.distill.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tinyvit.TinyVitException;

/**
 * A folder of teacher-logit stores, one file per epoch named {@code epoch-0007.logits}. A
 * writer renames its file into place only once it is complete, so every such name is a whole
 * epoch; temporary files start with a dot and are ignored.
 */
public final class LogitStore {
    private static final Pattern NAME = Pattern.compile("epoch-(\\d{4,10})\\.logits");

    private LogitStore() {}

    public static Path epochFile(Path dir, int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch " + epoch + " is negative");
        }
        return dir.resolve(String.format(Locale.ROOT, "epoch-%04d.logits", epoch));
    }

    static Path tempFile(Path dir, int epoch) {
        return dir.resolve(String.format(Locale.ROOT, ".epoch-%04d.logits.tmp", epoch));
    }

    /** The epochs whose files are present, ascending; an absent folder has none. */
    public static List<Integer> epochs(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Integer> epochs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                Matcher m = NAME.matcher(name);
                if (!m.matches() || !Files.isRegularFile(f)) {
                    continue;
                }
                long epoch = Long.parseLong(m.group(1));
                if (epoch <= Integer.MAX_VALUE && epochFile(dir, (int) epoch).getFileName().toString().equals(name)) {
                    epochs.add((int) epoch);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new TinyVitException(dir + ": cannot list the logit store (" + e.getMessage() + ")", e);
        }
        epochs.sort(null);
        return epochs;
    }
}
