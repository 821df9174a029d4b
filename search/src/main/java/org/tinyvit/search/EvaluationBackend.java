package org.tinyvit.search;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Where candidates are trained: in this process, or elsewhere. The search hands a generation's
 * fresh candidates over together, so a backend with several workers can keep them all busy; the
 * driver alone writes the journal with what comes back, each entry as soon as the backend
 * reports it ({@link #evaluate(List, BiConsumer)}).
 */
public interface EvaluationBackend extends AutoCloseable {
    /** One journal entry per candidate, in the candidates' order; a failed run is a failed entry, never an exception. */
    List<JournalEntry> evaluate(List<Candidate> candidates);

    /**
     * The same, telling {@code finished} of each entry (its candidate's index, the entry) as soon
     * as its run ends, from any thread, so that the driver journals it before the batch is over
     * and a killed search keeps it. By default all are told when the batch is over; backends that
     * can tell earlier override this.
     */
    default List<JournalEntry> evaluate(List<Candidate> candidates, BiConsumer<Integer, JournalEntry> finished) {
        List<JournalEntry> entries = evaluate(candidates);
        for (int i = 0; i < entries.size(); i++) {
            finished.accept(i, entries.get(i));
        }
        return entries;
    }

    @Override
    default void close() {}
}
