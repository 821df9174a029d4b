package org.tinyvit.search;

import java.nio.file.Path;
import java.util.Optional;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSplits;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentSpec;

/**
 * One candidate's evaluation, start to end: its short run and the journal entry that records
 * it, failure included. A run that throws (NaN loss, an exception, out of memory) or scores a
 * non-finite accuracy becomes a {@code failed} entry with its reason; nothing escapes. This is
 * the call a worker process makes for each candidate it is given.
 *
 * <pre>{@code
 * Candidate candidate = new Candidate(Candidate.CANDIDATE, "5M", spec, new ProxyRun(1500, 1));
 * JournalEntry entry = CandidateEvaluation.run(new CandidateEvaluation.Settings(candidate, ProxySettings.defaults(1), store, data));
 * }</pre>
 */
public final class CandidateEvaluation {
    private CandidateEvaluation() {}

    /** A candidate and everything its default short run (sparse-kd on a logit store) needs. */
    public record Settings(Candidate candidate, ProxySettings proxy, Path store, DataSplits data) {}

    public static JournalEntry run(Settings s) {
        return evaluate(new DistillationProxy(s.data(), s.store(), s.proxy()), s.candidate());
    }

    /**
     * Scores {@code candidate} with {@code trainer} and journals the outcome as an in-process run
     * that started at once. A run that diverged (its loss non-finite again when replayed from its
     * last finite loss, see {@code Distiller}) fails the candidate with that reason.
     */
    public static JournalEntry evaluate(ProxyTrainer trainer, Candidate candidate) {
        long start = System.nanoTime();
        double fitness = Double.NaN;
        double trainLoss = Double.NaN;
        String failure = null;
        try {
            ProxyScore score = trainer.score(candidate.spec(), candidate.run());
            fitness = score.accuracy();
            trainLoss = score.trainLoss();
            // a run without validation (accuracy NaN) is scored by its training loss; one with neither failed
            if (Double.isInfinite(fitness) || !Double.isFinite(fitness) && !Double.isFinite(trainLoss)) {
                failure = "accuracy is " + fitness + (Double.isFinite(trainLoss) ? "" : " and training loss " + trainLoss);
                fitness = Double.NaN;
            }
        } catch (TinyVitException e) {
            failure = e.getMessage();
        } catch (OutOfMemoryError e) {
            failure = "out of memory: " + e.getMessage();
        } catch (RuntimeException e) {
            failure = e.toString();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return entry(candidate, fitness, trainLoss, seconds, failure == null, Optional.ofNullable(failure),
                Execution.here(seconds));
    }

    /** The entry of a run that could not finish, for {@code reason}, after {@code seconds}, where {@code execution} says. */
    public static JournalEntry failed(Candidate candidate, String reason, double seconds, Execution execution) {
        return entry(candidate, Double.NaN, Double.NaN, seconds, false, Optional.of(reason), execution);
    }

    private static JournalEntry entry(Candidate candidate, double fitness, double trainLoss, double seconds, boolean ok, Optional<String> reason,
            Execution execution) {
        StudentSpec deployed = Families.deployed(candidate.spec());
        return new JournalEntry(deployed.key(), candidate.role(), candidate.budget(), deployed.toJson(), Families.params(deployed),
                Families.macs(deployed), candidate.run(), fitness, trainLoss, seconds, ok ? JournalEntry.OK : JournalEntry.FAILED,
                reason.map(r -> r.lines().findFirst().orElse(r)).orElse(null), execution);
    }
}
