package org.tinyvit.search;

/** Hears of a search's evaluations as they finish: progress displays, dashboards, logs. */
public interface SearchListener {
    /** The search is about to start, expecting about {@code evaluations} evaluations. */
    default void started(int evaluations) {}

    /** An evaluation finished; {@code reused} when it was answered from the journal. */
    void evaluated(JournalEntry entry, boolean reused);

    /** The search is over. */
    default void finished() {}
}
