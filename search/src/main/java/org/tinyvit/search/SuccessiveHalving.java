package org.tinyvit.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyvit.model.StudentSpec;

/**
 * One rung of successive halving with factor η ({@link SearchSettings#halving()}): every fresh
 * candidate gets a short run of {@code samples / η}, and the best ⌈n/η⌉ of those whose short run
 * succeeded get the full proxy run. A full run scores 1 + its fitness, so that it ranks above
 * every short-run score (fitness is an accuracy, at most 1).
 */
final class SuccessiveHalving {
    private final CandidateEvaluator evaluator;
    private final SearchSettings settings;

    SuccessiveHalving(CandidateEvaluator evaluator, SearchSettings settings) {
        this.evaluator = evaluator;
        this.settings = settings;
    }

    /** The scores of {@code fresh} candidates (by key, in their order) within {@code budget}. */
    Map<String, Scored> score(Map<String, StudentSpec> fresh, String budget) {
        Map<String, Scored> scored = new LinkedHashMap<>();
        List<Map.Entry<String, JournalEntry>> succeeded = new ArrayList<>();
        for (Map.Entry<String, StudentSpec> e : fresh.entrySet()) {
            JournalEntry run = evaluator.evaluate("candidate", budget, e.getValue(), settings.shortRun());
            scored.put(e.getKey(), Scored.of(run));
            if (run.ok()) {
                succeeded.add(Map.entry(e.getKey(), run));
            }
        }
        // stable sort: equal short-run fitness keeps the candidates' order
        succeeded.sort(Comparator.comparingDouble((Map.Entry<String, JournalEntry> e) -> -e.getValue().fitness()));
        int promoted = (int) Math.ceil((double) fresh.size() / settings.halving());
        for (Map.Entry<String, JournalEntry> e : succeeded.subList(0, Math.min(promoted, succeeded.size()))) {
            JournalEntry run = evaluator.evaluate("candidate", budget, fresh.get(e.getKey()), settings.proxy());
            if (run.ok()) {
                scored.put(e.getKey(), new Scored(1 + run.fitness(), run));
            }
        }
        return scored;
    }
}
