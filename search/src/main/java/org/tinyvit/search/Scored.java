package org.tinyvit.search;

/**
 * A candidate's standing in a search: the score it is ranked by ({@link Fitness#score}) and its
 * longest run (the run reported for it). A failed run scores {@link #FAILED}, below every score.
 */
record Scored(double score, JournalEntry longest) {
    static final double FAILED = -1;

    /** The score of a single run by {@code fitness}, or {@link #FAILED}. */
    static Scored of(JournalEntry run, Fitness fitness) {
        return new Scored(fitness.score(run), run);
    }

    /** The scores of runs by the keys of their candidates, in order. */
    static java.util.Map<String, Scored> all(java.util.Collection<String> keys, java.util.List<JournalEntry> runs, Fitness fitness) {
        java.util.Map<String, Scored> scored = new java.util.LinkedHashMap<>();
        java.util.Iterator<JournalEntry> run = runs.iterator();
        keys.forEach(key -> scored.put(key, of(run.next(), fitness)));
        return scored;
    }
}
