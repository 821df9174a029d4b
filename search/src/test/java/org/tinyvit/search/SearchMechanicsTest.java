package org.tinyvit.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenetics.Genotype;
import io.jenetics.IntegerGene;
import io.jenetics.Phenotype;
import io.jenetics.engine.Constraint;
import io.jenetics.engine.InvertibleCodec;
import io.jenetics.util.RandomRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import org.tinyvit.space.SearchSpace;
import org.tinyvit.space.SpaceReader;
import org.tinyvit.space.TinyVitSpace;

/**
 * The search's machinery with a stand-in trainer (a fixed function of the spec, so no training
 * is needed): codec, repair, budgets, journal, caching, failures, halving, Pareto, determinism.
 * Real training runs are in the tests module.
 */
class SearchMechanicsTest {
    static final SearchSpace<TinyVitSpace> SPACE = SpaceReader.read(TinyVitSpace.class);
    static final List<Budget> BUDGETS = List.of(Budget.of("21M", "4.3G"), Budget.of("11M", "2.0G"), Budget.of("5M", "1.3G"));

    /** Bigger is better, with a bonus for deep stage 2 and a small noise term from the key. */
    static double standIn(StudentSpec spec) {
        TinyVitSpec s = (TinyVitSpec) spec;
        double size = Math.log(Families.params(Families.deployed(s)));
        return 0.05 * size + 0.01 * s.depths()[2] + (Math.abs(s.key().hashCode()) % 100) / 1e4;
    }

    @TempDir
    Path dir;

    @Test
    void codecRoundTripsEveryPointAndTheFactoryStaysInRange() {
        InvertibleCodec<int[], IntegerGene> codec = SpaceCodecs.points(SPACE);
        int[] seed = SPACE.encode(SPACE.seed());
        assertArrayEquals(seed, codec.decode(codec.encode(seed)));
        assertEquals(SPACE.seed(), SpaceCodecs.records(SPACE).decode(codec.encode(seed)));
        RandomRegistry.using(RandomGeneratorFactory.of("L64X256MixRandom").create(7), r -> {
            for (int i = 0; i < 200; i++) {
                Genotype<IntegerGene> g = codec.encoding().newInstance();
                int[] p = codec.decode(g);
                for (int k = 0; k < p.length; k++) {
                    assertTrue(p[k] >= 0 && p[k] < SPACE.knobs().get(k).size());
                }
                assertArrayEquals(p, SPACE.encode(SPACE.decode(p)));
            }
        });
    }

    @Test
    void repairBringsTheSeedIntoEachBudgetAndKeepsTheChecks() {
        InvertibleCodec<int[], IntegerGene> codec = SpaceCodecs.points(SPACE);
        int[] seed = SPACE.encode(SPACE.seed());
        for (Budget b : BUDGETS) {
            Constraint<IntegerGene, Double> constraint = BudgetConstraint.of(SPACE, codec, b, seed);
            Optional<int[]> repaired = BudgetConstraint.repair(SPACE, b, seed);
            assertTrue(repaired.isPresent(), b.toString());
            assertTrue(constraint.test(Phenotype.of(codec.encode(repaired.get()), 1)), b.toString());
            assertEquals(Optional.empty(), SPACE.failedCheck(SPACE.decode(repaired.get())));
            long[] cost = BudgetConstraint.cost(SPACE, repaired.get()).orElseThrow();
            assertTrue(b.load(cost[0], cost[1]) > 0.8, "repair shrinks toward the budget, not far below it: " + b.load(cost[0], cost[1]));
        }
        assertEquals(Optional.empty(), BudgetConstraint.repair(SPACE, Budget.of("0.1M", "0.01G"), seed));
    }

    @Test
    void theConstraintRepairsIntoTheBudgetOrFallsBackToTheStart() {
        InvertibleCodec<int[], IntegerGene> codec = SpaceCodecs.points(SPACE);
        int[] seed = SPACE.encode(SPACE.seed());
        Budget five = BUDGETS.get(2);
        int[] start = BudgetConstraint.repair(SPACE, five, seed).orElseThrow();
        Constraint<IntegerGene, Double> constraint = BudgetConstraint.of(SPACE, codec, five, start);
        Phenotype<IntegerGene, Double> over = Phenotype.of(codec.encode(seed), 1);
        assertFalse(constraint.test(over));
        assertArrayEquals(BudgetConstraint.repair(SPACE, five, seed).orElseThrow(), codec.decode(constraint.repair(over, 1).genotype()));
        Constraint<IntegerGene, Double> impossible = BudgetConstraint.of(SPACE, codec, Budget.of("0.1M", "0.01G"), start);
        assertArrayEquals(start, codec.decode(impossible.repair(over, 1).genotype()));
    }

    /**
     * The codec is a product of one chromosome per knob, so every value of every knob (the others
     * at the seed's) stands for every point: walking all 13.3 million points takes two minutes.
     */
    @Test
    void theCodecRoundTripsEveryKnobValueWithOneChromosomeOfLengthOnePerKnob() {
        InvertibleCodec<int[], IntegerGene> codec = SpaceCodecs.points(SPACE);
        int[] seed = SPACE.encode(SPACE.seed());
        Genotype<IntegerGene> prototype = codec.encoding().newInstance();
        assertEquals(seed.length, prototype.length());
        for (int k = 0; k < seed.length; k++) {
            assertEquals(1, prototype.get(k).length());
            assertEquals(0, prototype.get(k).gene().min());
            assertEquals(SPACE.knobs().get(k).size(), prototype.get(k).gene().max(), "max is exclusive");
            for (int i = 0; i < SPACE.knobs().get(k).size(); i++) {
                int[] point = seed.clone();
                point[k] = i;
                Genotype<IntegerGene> g = codec.encode(point);
                assertArrayEquals(point, codec.decode(g));
                assertEquals(g, codec.encode(codec.decode(g)));
            }
        }
    }

    private List<ContractionSearch.Result> search(Path out, SearchSettings settings, ProxyTrainer trainer, List<JournalEntry> seen) {
        try (Journal journal = Journal.open(out, true)) {
            CandidateEvaluator evaluator = CandidateEvaluator.inProcess(trainer, journal, seen::add);
            return new ContractionSearch<>(SPACE, evaluator, settings).run(BUDGETS, b -> java.util.Optional.empty());
        }
    }

    @Test
    void progressiveContractionKeepsEveryCandidateWithinItsBudgetAndNeverTrainsASpecTwice() {
        SearchSettings settings = new SearchSettings(3, 6, new ProxyRun(100, 1), 0, false, 5).ranking(Fitness.VAL_ACCURACY);
        List<StudentSpec> trained = new ArrayList<>();
        List<JournalEntry> seen = new ArrayList<>();
        List<ContractionSearch.Result> results = search(dir, settings, (spec, run) -> {
            trained.add(spec);
            return standIn(spec);
        }, seen);
        assertEquals(3, results.size());
        List<JournalEntry> journal = Journal.read(dir.resolve(Journal.FILE), false);
        assertEquals(trained.size(), journal.size());
        Set<String> keys = new HashSet<>();
        for (JournalEntry e : journal) {
            Budget b = BUDGETS.stream().filter(x -> x.label().equals(e.budget())).findFirst().orElseThrow();
            assertTrue(b.admits(e.params(), e.macs()), e.key() + " over " + b);
            assertTrue(keys.add(e.budget() + e.runKey()), "trained twice: " + e.key());
            assertEquals(JournalEntry.OK, e.status());
        }
        for (ContractionSearch.Result r : results) {
            assertTrue(r.budget().admits(r.best().params(), r.best().macs()));
            double bestOfBudget = journal.stream().filter(e -> e.budget().equals(r.budget().label())).mapToDouble(JournalEntry::fitness).max().orElseThrow();
            assertEquals(bestOfBudget, r.best().fitness(), "the chosen one is the best evaluated");
        }
        assertTrue(results.get(0).best().params() > results.get(1).best().params());
        assertTrue(results.get(1).best().params() > results.get(2).best().params());

        // the same seed gives the same family; a rerun on the same journal trains nothing
        Path again = dir.resolve("again");
        List<ContractionSearch.Result> second = search(again, settings, (spec, run) -> standIn(spec), new ArrayList<>());
        for (int i = 0; i < 3; i++) {
            assertEquals(results.get(i).best().key(), second.get(i).best().key());
        }
        List<StudentSpec> retrained = new ArrayList<>();
        search(dir, settings, (spec, run) -> {
            retrained.add(spec);
            return standIn(spec);
        }, new ArrayList<>());
        assertEquals(List.of(), retrained);
    }

    /** A stand-in whose training loss ranks candidates differently from its accuracy: smaller stage-3 widths learn "faster". */
    static final class LossAndAccuracy implements ProxyTrainer {
        @Override
        public double accuracy(StudentSpec spec, ProxyRun run) {
            return standIn(spec);
        }

        @Override
        public ProxyScore score(StudentSpec spec, ProxyRun run) {
            TinyVitSpec s = (TinyVitSpec) spec;
            return new ProxyScore(standIn(spec), 0.5 + s.embedDims()[2] / 1000.0 + (Math.abs(s.key().hashCode()) % 97) / 1e5);
        }
    }

    @Test
    void theTrainLossFitnessChoosesTheLowestLossAndTheJournalKeepsBoth() {
        SearchSettings settings = new SearchSettings(2, 6, new ProxyRun(100, 1), 0, false, 5).ranking(Fitness.TRAIN_LOSS);
        List<ContractionSearch.Result> byLoss = search(dir, settings, new LossAndAccuracy(), new ArrayList<>());
        List<JournalEntry> journal = Journal.read(dir.resolve(Journal.FILE), false);
        for (ContractionSearch.Result r : byLoss) {
            List<JournalEntry> mine = journal.stream().filter(e -> e.budget().equals(r.budget().label())).toList();
            assertEquals(mine.stream().mapToDouble(JournalEntry::trainLoss).min().orElseThrow(), r.best().trainLoss(), "the lowest loss is chosen");
            assertTrue(mine.stream().allMatch(e -> e.trainLoss() > 0 && e.fitness() > 0), "both scores journaled");
        }
        List<ContractionSearch.Result> byAccuracy = search(dir.resolve("accuracy"), settings.ranking(Fitness.VAL_ACCURACY), new LossAndAccuracy(),
                new ArrayList<>());
        assertFalse(byLoss.get(0).best().key().equals(byAccuracy.get(0).best().key()), "the two fitnesses disagree on this stand-in");
        assertEquals(Fitness.TRAIN_LOSS, Fitness.of("train-loss"));
        assertEquals("unknown fitness 'loss'; use val-accuracy, train-loss, macs+train-loss, log-macs-2x-train-loss",
                assertThrows(TinyVitException.class, () -> Fitness.of("loss")).getMessage());
    }

    @Test
    void theMacsAndLossFitnessChoosesTheBestRankSumAmongEveryCandidateOfTheBudget() {
        ContractionSearch.Result result = searchWhereBiggerLearnsSlower(Fitness.MACS_AND_TRAIN_LOSS);
        // recomputed from the journal: rank by MACs (1 = fewest) plus half the rank by loss (1 = highest), ties averaged; the first
        // of equal sums wins
        List<JournalEntry> runs = Journal.read(dir.resolve(Journal.FILE), false).stream().filter(e -> e.ok() && e.role().equals("candidate")).toList();
        assertTrue(runs.size() >= 6, "a search's worth of candidates: " + runs.size());
        double[] macs = runs.stream().mapToDouble(JournalEntry::macs).toArray();
        double[] lowLoss = runs.stream().mapToDouble(e -> -e.trainLoss()).toArray();
        JournalEntry expected = null;
        double bestSum = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < runs.size(); i++) {
            double sum = rank(macs, i) + 0.5 * rank(lowLoss, i);
            if (sum > bestSum) {
                bestSum = sum;
                expected = runs.get(i);
            }
        }
        assertEquals(expected.key(), result.best().key());
        JournalEntry lowestLoss = runs.stream().min(java.util.Comparator.comparingDouble(JournalEntry::trainLoss)).orElseThrow();
        assertTrue(result.best().macs() > lowestLoss.macs(), "the rank sum chooses more computation than the loss alone would: "
                + result.best().macs() + " vs " + lowestLoss.macs() + " MACs");
        assertEquals("--fitness macs+train-loss already weighs MACs; --pareto trades accuracy against MACs itself: use one of them",
                assertThrows(TinyVitException.class, () -> new SearchSettings(1, 2, new ProxyRun(100, 1), 0, true, 5, Fitness.MACS_AND_TRAIN_LOSS))
                        .getMessage());
    }

    @Test
    void theLogMacsFitnessChoosesTheHighestLogMacsLessTwiceTheLoss() {
        ContractionSearch.Result result = searchWhereBiggerLearnsSlower(Fitness.LOG_MACS_AND_TRAIN_LOSS);
        List<JournalEntry> runs = Journal.read(dir.resolve(Journal.FILE), false).stream().filter(e -> e.ok() && e.role().equals("candidate")).toList();
        assertTrue(runs.size() >= 6, "a search's worth of candidates: " + runs.size());
        // recomputed from the journal by the formula, not by the code under test
        JournalEntry expected = runs.stream().max(java.util.Comparator.comparingDouble(e -> Math.log(e.macs()) - 2 * e.trainLoss())).orElseThrow();
        assertEquals(expected.key(), result.best().key());
        JournalEntry lowestLoss = runs.stream().min(java.util.Comparator.comparingDouble(JournalEntry::trainLoss)).orElseThrow();
        assertTrue(result.best().macs() > lowestLoss.macs(), "ln(MACs) chooses more computation than the loss alone would: "
                + result.best().macs() + " vs " + lowestLoss.macs() + " MACs");
        assertEquals(Fitness.LOG_MACS_AND_TRAIN_LOSS, Fitness.of("log-macs-2x-train-loss"));
        assertEquals("--fitness log-macs-2x-train-loss already weighs MACs; --pareto trades accuracy against MACs itself: use one of them",
                assertThrows(TinyVitException.class, () -> new SearchSettings(1, 2, new ProxyRun(100, 1), 0, true, 5, Fitness.LOG_MACS_AND_TRAIN_LOSS))
                        .getMessage());
    }

    @Test
    void successiveHalvingWithTheLogMacsFitnessPromotesByItAndRanksTheFullRunsFirst() {
        SearchSettings settings = new SearchSettings(3, 6, new ProxyRun(300, 1), 3, false, 5).ranking(Fitness.LOG_MACS_AND_TRAIN_LOSS);
        ContractionSearch.Result result = searchWhereBiggerLearnsSlower(settings);
        List<JournalEntry> runs = Journal.read(dir.resolve(Journal.FILE), false);
        assertTrue(runs.stream().allMatch(JournalEntry::ok));
        // the journal holds each batch's rung runs (100 images), then the full runs (300) of those it promoted: recomputed here by
        // the formula, ln(MACs) - 2 x the rung's loss, the best ceil(n/3) of each batch
        int batches = 0;
        for (int i = 0; i < runs.size();) {
            List<JournalEntry> rung = new ArrayList<>();
            while (i < runs.size() && runs.get(i).run().samples() == 100) {
                rung.add(runs.get(i++));
            }
            Set<String> promoted = new HashSet<>();
            while (i < runs.size() && runs.get(i).run().samples() == 300) {
                promoted.add(runs.get(i++).key());
            }
            int at = i;
            assertFalse(rung.isEmpty() || promoted.isEmpty(), () -> "rung runs, then full runs, up to journal line " + at);
            Set<String> expected = topThird(rung, e -> Math.log(e.macs()) - 2 * e.trainLoss());
            assertEquals(expected, promoted, "batch " + batches);
            if (batches == 0) { // the first population is the same whatever promotes: there the loss alone would promote others
                assertFalse(expected.equals(topThird(rung, e -> -e.trainLoss())), "the formula and the loss disagree on the first batch");
            }
            batches++;
        }
        assertTrue(batches >= 2, "a batch a generation: " + batches);
        // the chosen one has the full run (every full run ranks above every rung-only candidate) and the best formula among them
        JournalEntry expected = runs.stream().filter(e -> e.run().samples() == 300)
                .max(java.util.Comparator.comparingDouble(e -> Math.log(e.macs()) - 2 * e.trainLoss())).orElseThrow();
        assertEquals(expected.key(), result.best().key());
        assertEquals(300, result.best().run().samples());
    }

    /** The keys of the best ⌈n/3⌉ of {@code runs} by {@code score} (higher is better). */
    private static Set<String> topThird(List<JournalEntry> runs, java.util.function.ToDoubleFunction<JournalEntry> score) {
        return new HashSet<>(runs.stream().sorted(java.util.Comparator.comparingDouble(score).reversed()).limit((runs.size() + 2) / 3)
                .map(JournalEntry::key).toList());
    }

    /** A search of the first budget ranked by {@code fitness}, on a stand-in on which bigger models learn slower: the loss alone would choose the least computation. */
    private ContractionSearch.Result searchWhereBiggerLearnsSlower(Fitness fitness) {
        return searchWhereBiggerLearnsSlower(new SearchSettings(3, 6, new ProxyRun(100, 1), 0, false, 5).ranking(fitness));
    }

    /**
     * The same stand-in with any settings. A run on more images ends at a higher loss here, so that
     * weighing runs of two lengths against each other would put the candidates without a full run first.
     */
    private ContractionSearch.Result searchWhereBiggerLearnsSlower(SearchSettings settings) {
        try (Journal journal = Journal.open(dir, true)) {
            ProxyTrainer slowerWhenBigger = new ProxyTrainer() {
                @Override
                public double accuracy(StudentSpec spec, ProxyRun run) {
                    return standIn(spec);
                }

                @Override
                public ProxyScore score(StudentSpec spec, ProxyRun run) {
                    return new ProxyScore(standIn(spec), 1 + Families.macs(Families.deployed(spec)) / 1e10 + (Math.abs(spec.key().hashCode()) % 97) / 1e3
                            + run.samples() / 100.0);
                }
            };
            CandidateEvaluator evaluator = CandidateEvaluator.inProcess(slowerWhenBigger, journal, e -> {});
            return new ContractionSearch<>(SPACE, evaluator, settings).run(List.of(BUDGETS.get(0)), b -> java.util.Optional.empty()).get(0);
        }
    }

    /** The rank of {@code values[i]} from 1 (the smallest), ties sharing their average. */
    private static double rank(double[] values, int i) {
        double rank = 1;
        for (int j = 0; j < values.length; j++) {
            rank += j == i ? 0 : values[j] < values[i] ? 1 : values[j] == values[i] ? 0.5 : 0;
        }
        return rank;
    }

    @Test
    void eachRunOfABatchIsJournaledWhenItEndsNotWhenTheBatchDoes() throws Exception {
        List<Long> linesSeen = new ArrayList<>();
        List<Candidate> batch = List.of(new Candidate(Candidate.CANDIDATE, "5M", SPACE.seed().toSpec(), new ProxyRun(10, 1)),
                new Candidate(Candidate.CANDIDATE, "5M", SPACE.seed().toSpec(), new ProxyRun(20, 1)),
                new Candidate(Candidate.CANDIDATE, "5M", SPACE.seed().toSpec(), new ProxyRun(30, 1)));
        try (Journal journal = Journal.open(dir, false)) {
            CandidateEvaluator.inProcess((spec, run) -> {
                try {
                    linesSeen.add(Files.exists(dir.resolve(Journal.FILE)) ? Files.readAllLines(dir.resolve(Journal.FILE)).size() : 0L);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return 0.5;
            }, journal, e -> {}).evaluateAll(batch);
        }
        assertEquals(List.of(0L, 1L, 2L), linesSeen, "a run starts with every earlier run of its batch on disk");
        assertEquals(3, Journal.read(dir.resolve(Journal.FILE), false).size(), "and each is journaled once");
    }

    /** A proxy that validates nothing (the default under train-loss) reports a loss and a NaN accuracy: a finished run, ranked by its loss. */
    @Test
    void aRunWithALossAndNoAccuracyIsFinishedAndRankedByItsLoss() {
        SearchSettings settings = new SearchSettings(2, 6, new ProxyRun(100, 1), 0, false, 5);
        LossAndAccuracy both = new LossAndAccuracy();
        ProxyTrainer lossOnly = new ProxyTrainer() {
            @Override
            public double accuracy(StudentSpec spec, ProxyRun run) {
                return Double.NaN;
            }

            @Override
            public ProxyScore score(StudentSpec spec, ProxyRun run) {
                return new ProxyScore(Double.NaN, both.score(spec, run).trainLoss());
            }
        };
        List<ContractionSearch.Result> results = search(dir, settings, lossOnly, new ArrayList<>());
        List<JournalEntry> journal = Journal.read(dir.resolve(Journal.FILE), false);
        assertTrue(journal.stream().allMatch(e -> e.ok() && Double.isNaN(e.fitness()) && e.trainLoss() > 0), journal.toString());
        List<ContractionSearch.Result> validated = search(dir.resolve("validated"), settings, both, new ArrayList<>());
        for (int i = 0; i < results.size(); i++) {
            assertEquals(validated.get(i).best().key(), results.get(i).best().key(), "the same choice: the accuracy never counted");
        }
    }

    @Test
    void rankingByAccuracyNeedsValidationImagesAndLossNeedsNone() {
        assertEquals(0, ProxySettings.defaults(1, Fitness.TRAIN_LOSS).valImages());
        assertEquals(ProxySettings.DEFAULT_VAL_IMAGES, ProxySettings.defaults(1, Fitness.VAL_ACCURACY).valImages());
        assertThrows(TinyVitException.class, () -> new ProxySettings(32, 2e-3f, 1, -1));
        SearchSettings byAccuracy = new SearchSettings(1, 2, new ProxyRun(100, 1), 0, false, 3).ranking(Fitness.VAL_ACCURACY);
        TinyVitException e = assertThrows(TinyVitException.class, () -> new Search.Settings(SPACE, List.of(), byAccuracy,
                ProxySettings.defaults(1, Fitness.TRAIN_LOSS), dir, null, dir, false));
        assertTrue(e.getMessage().contains("--proxy-val") && e.getMessage().contains("--fitness train-loss"), e.getMessage());
        new Search.Settings(SPACE, List.of(), byAccuracy.ranking(Fitness.TRAIN_LOSS), ProxySettings.defaults(1, Fitness.TRAIN_LOSS), dir, null, dir, false);
    }

    @Test
    void rankingByTrainingLossRefusesAProxyThatReportsOnlyAccuracy() {
        SearchSettings settings = new SearchSettings(1, 2, new ProxyRun(100, 1), 0, false, 3);
        assertEquals(Fitness.LOG_MACS_AND_TRAIN_LOSS, settings.fitness(), "the default");
        assertEquals(Fitness.TRAIN_LOSS, new SearchSettings(1, 2, new ProxyRun(100, 1), 0, true, 3).fitness(), "with --pareto, MACs are an objective");
        TinyVitException e = assertThrows(TinyVitException.class, () -> search(dir, settings, (spec, run) -> standIn(spec), new ArrayList<>()));
        assertTrue(e.getMessage().contains("no training loss to rank by") && e.getMessage().endsWith("--fitness val-accuracy"), e.getMessage());
    }

    @Test
    void failedCandidatesAreJournaledWithTheirReasonAndScoredWorst() {
        SearchSettings settings = new SearchSettings(2, 5, new ProxyRun(100, 1), 0, false, 3).ranking(Fitness.VAL_ACCURACY);
        List<ContractionSearch.Result> results = search(dir, settings, (spec, run) -> {
            if (((TinyVitSpec) spec).depths()[2] % 2 == 1) {
                throw new TinyVitException("training diverged: loss NaN at epoch 0, step 3");
            }
            if (((TinyVitSpec) spec).mlpRatio() == 3.0) {
                throw new OutOfMemoryError("Java heap space");
            }
            return standIn(spec);
        }, new ArrayList<>());
        List<JournalEntry> journal = Journal.read(dir.resolve(Journal.FILE), false);
        List<JournalEntry> failed = journal.stream().filter(e -> !e.ok()).toList();
        assertFalse(failed.isEmpty(), "the stand-in should make some candidates fail");
        for (JournalEntry e : failed) {
            assertTrue(Double.isNaN(e.fitness()));
            assertTrue(e.reason().startsWith("training diverged") || e.reason().startsWith("out of memory"), e.reason());
        }
        for (ContractionSearch.Result r : results) {
            assertTrue(r.best().ok());
        }
    }

    @Test
    void successiveHalvingGivesTheBestThirdTheLongRun() {
        SearchSettings settings = new SearchSettings(2, 6, new ProxyRun(300, 1), 3, false, 4).ranking(Fitness.VAL_ACCURACY);
        search(dir, settings, (spec, run) -> standIn(spec) + run.samples() / 1e4, new ArrayList<>());
        List<JournalEntry> journal = Journal.read(dir.resolve(Journal.FILE), false);
        long shortRuns = journal.stream().filter(e -> e.run().samples() == 100).count();
        long longRuns = journal.stream().filter(e -> e.run().samples() == 300).count();
        assertTrue(shortRuns > 0 && longRuns > 0 && longRuns < shortRuns, shortRuns + " short, " + longRuns + " long");
        for (JournalEntry e : journal.stream().filter(e -> e.run().samples() == 300).toList()) {
            assertNotNull(journal.stream().filter(s -> s.key().equals(e.key()) && s.run().samples() == 100).findFirst().orElse(null),
                    "a long run follows a short one");
        }
    }

    @Test
    void paretoModeReturnsANonDominatedFront() {
        SearchSettings settings = new SearchSettings(2, 6, new ProxyRun(100, 1), 0, true, 9).ranking(Fitness.VAL_ACCURACY);
        List<ContractionSearch.Result> results = search(dir, settings, (spec, run) -> standIn(spec), new ArrayList<>());
        for (ContractionSearch.Result r : results) {
            List<JournalEntry> front = r.paretoFront();
            assertFalse(front.isEmpty());
            for (JournalEntry a : front) {
                for (JournalEntry b : front) {
                    boolean dominates = b.fitness() >= a.fitness() && b.macs() <= a.macs() && (b.fitness() > a.fitness() || b.macs() < a.macs());
                    assertFalse(dominates, b.key() + " dominates " + a.key());
                }
            }
        }
    }

    @Test
    void journalDropsATornLastLineAndRefusesABadOne() throws Exception {
        try (Journal journal = Journal.open(dir, false)) {
            CandidateEvaluator.inProcess((spec, run) -> 0.5, journal, e -> {}).evaluate(new Candidate(Candidate.CANDIDATE, "5M", SPACE.seed().toSpec(), new ProxyRun(10, 1)));
        }
        Path file = dir.resolve(Journal.FILE);
        Files.writeString(file, "{\"formatVersion\":1,\"key\":", StandardOpenOption.APPEND);
        try (Journal journal = Journal.open(dir, true)) {
            assertEquals(1, journal.entries().size());
        }
        assertTrue(Files.readString(file).endsWith("}\n"));
        assertEquals("journal.jsonl: a search journal already exists; resume the search to continue it, or choose another output folder",
                assertThrows(TinyVitException.class, () -> Journal.open(dir, false)).getMessage().replace(dir + "/", ""));
        Files.writeString(file, "{\"formatVersion\":2}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals("journal.jsonl: line 2 is not a journal entry (missing field 'key')",
                assertThrows(TinyVitException.class, () -> Journal.open(dir, true)).getMessage().replace(dir + "/", ""));
    }

    @Test
    void aJournalOfFormat1IsReadAsInProcessRunsWithoutHostOrPid() throws Exception {
        String v1 = "{\"formatVersion\":1,\"key\":\"k\",\"role\":\"candidate\",\"budget\":\"5M\",\"spec\":{},\"params\":10,\"macs\":20,"
                + "\"samples\":100,\"epochs\":1,\"fitness\":0.5,\"seconds\":3.25,\"status\":\"ok\"}\n";
        Files.writeString(dir.resolve(Journal.FILE), v1);
        try (Journal journal = Journal.open(dir, true)) {
            JournalEntry old = journal.entries().get(0);
            assertEquals(new Execution("", 0, Execution.IN_PROCESS, Execution.CPU, 0, 3.25), old.execution());
            CandidateEvaluator.inProcess((spec, run) -> 0.25, journal, e -> {}).evaluate(new Candidate(Candidate.CANDIDATE, "5M", SPACE.seed().toSpec(), new ProxyRun(10, 1)));
        }
        List<JournalEntry> entries = Journal.read(dir.resolve(Journal.FILE), false);
        Execution fresh = entries.get(1).execution();
        assertEquals(ProcessHandle.current().pid(), fresh.pid());
        assertEquals(Execution.IN_PROCESS, fresh.worker());
        assertFalse(fresh.host().isEmpty());
        assertTrue(Double.isNaN(entries.get(0).trainLoss()), "format 1 recorded no training loss");
        assertTrue(Double.isNaN(entries.get(1).trainLoss()), "a proxy that reports only an accuracy has no training loss");
        assertEquals(entries.get(1), JournalEntry.fromJson(entries.get(1).toJson()), "format 5 round-trips");
        assertTrue(Files.readAllLines(dir.resolve(Journal.FILE)).get(1).startsWith("{\"formatVersion\":5,"));
    }

    @Test
    void aRunOfSeveralEpochsFromBeforeFormat4IsTrainedAgainAOneEpochRunIsReused() throws Exception {
        String v3 = "{\"formatVersion\":3,\"key\":\"k\",\"role\":\"candidate\",\"budget\":\"5M\",\"spec\":{},\"params\":10,\"macs\":20,"
                + "\"samples\":100,\"epochs\":1,\"fitness\":0.5,\"trainLoss\":1.5,\"seconds\":3.25,\"host\":\"h\",\"pid\":7,\"worker\":\"1\","
                + "\"device\":\"cpu\",\"waitSeconds\":0.5,\"trainSeconds\":3.0,\"status\":\"ok\"}\n";
        String v4 = v3.replace("\"formatVersion\":3", "\"formatVersion\":4").replace("\"key\":\"k\"", "\"key\":\"k4\"");
        Files.writeString(dir.resolve(Journal.FILE), v3 + v3.replace("\"epochs\":1", "\"epochs\":2") + v4.replace("\"epochs\":1", "\"epochs\":2"));
        List<JournalEntry> read = Journal.read(dir.resolve(Journal.FILE), false);
        assertEquals(2, read.size(), "the format 3 2-epoch run drew other images every epoch: not this version's run");
        assertEquals(new ProxyRun(100, 1), read.get(0).run());
        try (Journal journal = Journal.open(dir, true)) {
            assertNotNull(journal.find("k", new ProxyRun(100, 1)));
            assertNull(journal.find("k", new ProxyRun(100, 2)));
            assertNotNull(journal.find("k4", new ProxyRun(100, 2)), "a 2-epoch run of format 4 is reused");
        }
    }

    @Test
    void aJournalLineOfFormat2ReadsWithoutTrainingLossAndFormat3NeedsIt() {
        String v2 = "{\"formatVersion\":2,\"key\":\"k\",\"role\":\"candidate\",\"budget\":\"5M\",\"spec\":{},\"params\":10,\"macs\":20,"
                + "\"samples\":100,\"epochs\":1,\"fitness\":0.5,\"seconds\":3.25,\"host\":\"h\",\"pid\":7,\"worker\":\"1\",\"device\":\"cpu\","
                + "\"waitSeconds\":0.5,\"trainSeconds\":3.0,\"status\":\"ok\"}";
        JournalEntry old = JournalEntry.fromJson(org.tinyvit.io.Json.parse(v2));
        assertEquals(0.5, old.fitness());
        assertTrue(Double.isNaN(old.trainLoss()));
        assertEquals("missing field 'trainLoss'", assertThrows(IllegalArgumentException.class,
                () -> JournalEntry.fromJson(org.tinyvit.io.Json.parse(v2.replace("\"formatVersion\":2", "\"formatVersion\":3")))).getMessage());
        JournalEntry measured = JournalEntry.fromJson(org.tinyvit.io.Json.parse(
                v2.replace("\"formatVersion\":2", "\"formatVersion\":3").replace("\"seconds\"", "\"trainLoss\":1.25,\"seconds\"")));
        assertEquals(1.25, measured.trainLoss());
        assertEquals(measured, JournalEntry.fromJson(measured.toJson()));
    }

    @Test
    void aJournalIsResumedOnlyWithWhatItsRunsTrainedWith() throws Exception {
        Candidate seed = new Candidate(Candidate.CANDIDATE, "5M", SPACE.seed().toSpec(), new ProxyRun(10, 1));
        java.util.function.Supplier<tools.jackson.databind.node.ObjectNode> asked =
                () -> org.tinyvit.io.Json.object("batch", 32, "lr", 0.002f, "seed", 1L, "teacher", "abc");
        try (Journal journal = Journal.open(dir, false, asked.get())) {
            CandidateEvaluator.inProcess((spec, run) -> 0.5, journal, e -> {}).evaluate(seed);
        }
        Path file = dir.resolve(Journal.FILE);
        String line = Files.readAllLines(file).get(0);
        assertEquals(org.tinyvit.io.Json.parse("{\"batch\":32,\"lr\":0.002,\"seed\":1,\"teacher\":\"abc\"}"),
                org.tinyvit.io.Json.parse(line).get("trainedWith"), "the line records what its run trained with");
        try (Journal journal = Journal.open(dir, true, asked.get())) {
            assertNotNull(journal.find(seed.key(), seed.run()), "the same settings: the run is reused");
        }
        var otherRate = asked.get().put("lr", 0.001f);
        assertEquals("journal.jsonl: line 1 was trained with lr 0.002, not 0.001; resume a search only with the settings and logit store"
                + " its journal was made with, or choose another output folder",
                assertThrows(TinyVitException.class, () -> Journal.open(dir, true, otherRate)).getMessage().replace(dir + "/", ""));
        var otherStore = asked.get().put("teacher", "def");
        otherStore.put("imgSize", 56);
        assertEquals("journal.jsonl: line 1 was trained with teacher \"abc\", not \"def\", imgSize (none), not 56; resume a search only with"
                + " the settings and logit store its journal was made with, or choose another output folder",
                assertThrows(TinyVitException.class, () -> Journal.open(dir, true, otherStore)).getMessage().replace(dir + "/", ""));

        Files.writeString(file, line.replace(",\"trainedWith\":{\"batch\":32,\"lr\":0.002,\"seed\":1,\"teacher\":\"abc\"}", "") + "\n");
        assertFalse(Files.readString(file).contains("trainedWith"), "the stand-in line lacks the field");
        assertEquals("journal.jsonl: line 1 is not a journal entry (missing field 'trainedWith')",
                assertThrows(TinyVitException.class, () -> Journal.open(dir, true, otherRate)).getMessage().replace(dir + "/", ""));
        Files.writeString(file, Files.readString(file).replace("\"formatVersion\":5", "\"formatVersion\":4"));
        try (Journal journal = Journal.open(dir, true, otherRate)) {
            assertNotNull(journal.find(seed.key(), seed.run()), "a line of format 4 recorded nothing to check: reused as before");
        }
    }
}
