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
 * succeeded get the full proxy run. A full run scores 1 + its score, so that it ranks above
 * every short-run score (every {@link Fitness} score is at most 1).
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
        Map<String, Scored> scored = Scored.all(fresh.keySet(), evaluator.evaluateAll(Candidate.all(fresh.values(), budget, settings.shortRun())),
                settings.fitness());
        List<String> succeeded = new ArrayList<>(scored.keySet());
        succeeded.removeIf(key -> !scored.get(key).longest().ok());
        // stable sort: equal short-run fitness keeps the candidates' order
        succeeded.sort(Comparator.comparingDouble(key -> -scored.get(key).score()));
        List<String> promoted = succeeded.subList(0, Math.min(ProxyRun.promoted(fresh.size(), settings.halving()), succeeded.size()));
        List<JournalEntry> full = evaluator.evaluateAll(Candidate.all(promoted.stream().map(fresh::get).toList(), budget, settings.proxy()));
        for (int i = 0; i < promoted.size(); i++) {
            double score = settings.fitness().score(full.get(i));
            if (score != Scored.FAILED) {
                scored.put(promoted.get(i), new Scored(ProxyRun.promotedScore(score), full.get(i)));
            }
        }
        return scored;
    }
}
