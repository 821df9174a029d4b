package org.tinyvit.search;

import org.tinyvit.model.Families;
import org.tinyvit.model.StudentSpec;

/**
 * One evaluation the search asks for: a spec, the length of its short run, and what it is for.
 *
 * @param role {@code candidate}, or {@code preset} for a hand-designed model scored for comparison
 * @param budget the label of the budget the evaluation belongs to
 */
public record Candidate(String role, String budget, StudentSpec spec, ProxyRun run) {
    public static final String CANDIDATE = "candidate";
    public static final String PRESET = "preset";

    /** Candidates of {@code budget} for {@code specs}, all with the same run length, in order. */
    public static java.util.List<Candidate> all(java.util.Collection<StudentSpec> specs, String budget, ProxyRun run) {
        return specs.stream().map(spec -> new Candidate(CANDIDATE, budget, spec, run)).toList();
    }

    /** The canonical key of the spec at deployment input (224 px, 3 channels, 1000 classes). */
    public String key() {
        return Families.deployed(spec).key();
    }

    /** What identifies a training run: the spec's key and the run's length. */
    public String runKey() {
        return JournalEntry.runKey(key(), run);
    }
}
