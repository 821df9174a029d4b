package org.tinyvit.search;

import java.util.List;

/**
 * How fast a search got through its candidates, from its journal and its wall time: what
 * {@code tinyvit bench search} reports to compare backends (in-process, worker pool, Spark) on
 * the same candidates.
 *
 * <pre>{@code
 * SearchThroughput t = SearchThroughput.of(Journal.read(result.journalFile(), false), wallSeconds);
 * t.evaluationsPerHour();  // e.g. 212.5
 * }</pre>
 *
 * @param evaluations the journal's entries (a fresh search: every one trained by it)
 * @param wallSeconds the search's wall time, start-up of its workers included
 * @param evaluationsPerHour {@code evaluations} per hour of {@code wallSeconds}
 * @param meanRunSeconds a run's own wall time, as the process that trained it measured it
 * @param meanWaitSeconds how long a candidate waited between its batch reaching the backend and its start
 *     (queued behind others; for Spark also the start of its worker process)
 * @param meanHandOverSeconds how much longer the backend saw a run take than the run itself
 *     (messages between driver and worker, reading the answer)
 * @param processes the distinct processes that trained candidates
 */
public record SearchThroughput(int evaluations, double wallSeconds, double evaluationsPerHour, double meanRunSeconds, double meanWaitSeconds,
        double meanHandOverSeconds, long processes) {
    /** The throughput of a search whose journal is {@code entries} and that took {@code wallSeconds}. */
    public static SearchThroughput of(List<JournalEntry> entries, double wallSeconds) {
        int n = entries.size();
        return new SearchThroughput(n, wallSeconds, n * 3600 / wallSeconds,
                mean(entries.stream().mapToDouble(JournalEntry::seconds).sum(), n),
                mean(entries.stream().mapToDouble(e -> e.execution().waitSeconds()).sum(), n),
                mean(entries.stream().mapToDouble(e -> e.execution().trainSeconds() - e.seconds()).sum(), n),
                entries.stream().map(e -> e.execution().host() + "/" + e.execution().pid()).distinct().count());
    }

    private static double mean(double sum, int n) {
        return n == 0 ? Double.NaN : sum / n;
    }
}
