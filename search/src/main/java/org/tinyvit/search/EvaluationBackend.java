package org.tinyvit.search;

import java.util.List;

/**
 * Where candidates are trained: in this process, or elsewhere. The search hands a generation's
 * fresh candidates over together, so a backend with several workers can keep them all busy; the
 * driver alone writes the journal with what comes back.
 */
public interface EvaluationBackend extends AutoCloseable {
    /** One journal entry per candidate, in the candidates' order; a failed run is a failed entry, never an exception. */
    List<JournalEntry> evaluate(List<Candidate> candidates);

    @Override
    default void close() {}
}
