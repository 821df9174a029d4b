package org.tinyvit.search;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Spec in, fitness out, for the search: each (spec, run length) is looked up in the
 * {@link Journal} first, so an identical spec is never trained twice, also across restarts; the
 * rest go to the {@link EvaluationBackend} together, and each of their entries is appended to
 * the journal by this driver alone as soon as the backend reports it, so a search killed in the
 * middle of a batch keeps the batch's finished runs. Every {@link SearchListener} hears of both
 * kinds.
 */
public final class CandidateEvaluator implements AutoCloseable {
    private final EvaluationBackend backend;
    private final Journal journal;
    private final List<SearchListener> listeners;
    private int trained;
    private int reused;

    @Inject
    public CandidateEvaluator(EvaluationBackend backend, Journal journal, Set<SearchListener> listeners) {
        this.backend = backend;
        this.journal = journal;
        this.listeners = List.copyOf(listeners);
    }

    /** Candidates trained one by one in this process by {@code trainer}; {@code onFinished} hears of each evaluation. */
    public static CandidateEvaluator inProcess(ProxyTrainer trainer, Journal journal, Consumer<JournalEntry> onFinished) {
        return new CandidateEvaluator(new InProcessBackend(trainer), journal, Set.of((entry, reusedEntry) -> onFinished.accept(entry)));
    }

    public JournalEntry evaluate(Candidate candidate) {
        return evaluateAll(List.of(candidate)).get(0);
    }

    /** Entries for all candidates, in their order; the ones the journal lacks are trained as one batch. */
    public List<JournalEntry> evaluateAll(List<Candidate> candidates) {
        Map<String, JournalEntry> found = new LinkedHashMap<>();
        List<Candidate> fresh = new ArrayList<>();
        for (Candidate c : candidates) {
            if (found.containsKey(c.runKey())) {
                continue;
            }
            JournalEntry known = journal.find(c.key(), c.run());
            if (known != null) {
                found.put(c.runKey(), known);
                reused++;
                listeners.forEach(l -> l.evaluated(known, true));
            } else if (fresh.stream().noneMatch(f -> f.runKey().equals(c.runKey()))) {
                fresh.add(c);
            }
        }
        boolean[] journaled = new boolean[fresh.size()];
        BiConsumer<Integer, JournalEntry> record = (i, entry) -> {
            synchronized (journaled) { // backends report from their own threads
                if (!journaled[i]) {
                    journaled[i] = true;
                    journal.append(entry);
                    trained++;
                    listeners.forEach(l -> l.evaluated(entry, false));
                }
            }
        };
        List<JournalEntry> results = fresh.isEmpty() ? List.of() : backend.evaluate(fresh, record);
        for (int i = 0; i < fresh.size(); i++) {
            record.accept(i, results.get(i)); // those the backend did not report
            found.put(fresh.get(i).runKey(), results.get(i));
        }
        return candidates.stream().map(c -> found.get(c.runKey())).toList();
    }

    /** Tells the listeners a search expecting about {@code evaluations} evaluations starts. */
    public void started(int evaluations) {
        listeners.forEach(l -> l.started(evaluations));
    }

    /** Tells the listeners the search is over. */
    public void finished() {
        listeners.forEach(SearchListener::finished);
    }

    /** Closes the backend (its workers); the journal belongs to whoever opened it. */
    @Override
    public void close() {
        backend.close();
    }

    /** Runs trained by this evaluator. */
    public int trained() {
        return trained;
    }

    /** Evaluations answered from the journal. */
    public int reused() {
        return reused;
    }
}
