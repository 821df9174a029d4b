package org.tinyvit.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.tinyvit.model.StudentSpec;

/**
 * One rung of successive halving with factor η ({@link SearchSettings#halving()}): every fresh
 * candidate gets a short run of {@code samples / η}, and the best ⌈n/η⌉ of those whose short run
 * succeeded, by the fitness's {@linkplain Fitness#standings standing}, get the full proxy run. A
 * full run scores 1 + its score, so that it ranks above every short-run score (every
 * {@link Fitness} score is at most 1).
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
        // by the fitness's standing among these short runs (with MACs for a fitness that weighs them); a stable sort: equals keep
        // the candidates' order
        Map<String, Double> standing = settings.fitness().standings(scored);
        succeeded.sort(Comparator.comparingDouble(key -> -standing.get(key)));
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
