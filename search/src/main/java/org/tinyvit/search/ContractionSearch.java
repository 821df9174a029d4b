package org.tinyvit.search;

import io.jenetics.EliteSelector;
import io.jenetics.IntegerGene;
import io.jenetics.Phenotype;
import io.jenetics.TournamentSelector;
import io.jenetics.UniformCrossover;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.ext.moea.MOEA;
import io.jenetics.ext.moea.NSGA2Selector;
import io.jenetics.ext.moea.Vec;
import io.jenetics.util.ISeq;
import io.jenetics.util.IntRange;
import io.jenetics.util.RandomRegistry;
import io.jenetics.util.Seq;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.space.SearchSpace;
import org.tinyvit.space.Student;

/**
 * Progressive model contraction: one Jenetics search per budget, largest first, each started
 * from the best model of the budget before (the first from the space's seed). Every candidate is
 * repaired into the budget before it is trained ({@link BudgetConstraint}), scored by the
 * {@link CandidateEvaluator}, and the best candidate of each budget is the result.
 *
 * <pre>{@code
 * var search = new ContractionSearch<>(space, evaluator, settings);
 * List<ContractionSearch.Result> family = search.run(budgets, budget -> "tinyvit-" + budget.label().toLowerCase());
 * }</pre>
 */
public final class ContractionSearch<R extends Record & Student> {
    /** Fitness of a failed candidate: below every accuracy. */
    static final double FAILED_SCORE = -1;

    /**
     * The outcome of one budget.
     *
     * @param best the chosen candidate's longest run
     * @param preset the hand-designed model's run at the same proxy settings, or null
     * @param presetName its name, or null
     * @param paretoFront accuracy-vs-MACs front (two-objective mode only, else empty)
     */
    public record Result(Budget budget, JournalEntry best, JournalEntry preset, String presetName, List<JournalEntry> paretoFront) {}

    private final SearchSpace<R> space;
    private final SpaceCodec<R> codec;
    private final CandidateEvaluator evaluator;
    private final SearchSettings settings;
    /** The point of every candidate evaluated, by spec key (where the next budget starts from). */
    private final Map<String, int[]> points = new LinkedHashMap<>();

    public ContractionSearch(SearchSpace<R> space, CandidateEvaluator evaluator, SearchSettings settings) {
        this.space = space;
        this.codec = new SpaceCodec<>(space);
        this.evaluator = evaluator;
        this.settings = settings;
    }

    /** Evaluations a run over {@code budgets} will ask for, about (for progress). */
    public int expectedEvaluations(int budgets) {
        int perGeneration = settings.offspring() * (settings.halving() > 0 ? 2 : 1);
        return budgets * (settings.population() * (settings.halving() > 0 ? 2 : 1) + (settings.generations() - 1) * perGeneration + 1);
    }

    /**
     * Runs the budgets in the order given.
     *
     * @param presetFor the hand-designed model to compare with for a budget, or null for none
     */
    public List<Result> run(List<Budget> budgets, Function<Budget, StudentSpec> presetFor, Function<Budget, String> presetName) {
        List<Result> results = new ArrayList<>();
        int[] start = space.encode(space.seed());
        for (int b = 0; b < budgets.size(); b++) {
            Budget budget = budgets.get(b);
            StudentSpec preset = presetFor.apply(budget);
            JournalEntry presetRun = preset == null ? null : evaluator.evaluate("preset", budget.label(), preset, settings.proxy());
            Result result = settings.pareto()
                    ? searchBudget(budget, start, settings.seed() + b, new ParetoScoring())
                    : searchBudget(budget, start, settings.seed() + b, new SingleScoring());
            results.add(new Result(budget, result.best(), presetRun, preset == null ? null : presetName.apply(budget), result.paretoFront()));
            start = pointOf(result.best());
        }
        return results;
    }

    private int[] pointOf(JournalEntry entry) {
        return points.get(entry.key()).clone();
    }

    /** How an evaluated candidate becomes a Jenetics fitness. */
    private interface Scoring<C extends Comparable<? super C>> {
        C fitness(double score, JournalEntry entry);

        void configure(Engine.Builder<IntegerGene, C> builder);

        /** What the evolution stream is reduced to: the last population, or the Pareto front. */
        java.util.stream.Collector<EvolutionResult<IntegerGene, C>, ?, ISeq<Phenotype<IntegerGene, C>>> collector(int population);
    }

    private static final class SingleScoring implements Scoring<Double> {
        @Override
        public Double fitness(double score, JournalEntry entry) {
            return score;
        }

        @Override
        public void configure(Engine.Builder<IntegerGene, Double> builder) {
            builder.offspringSelector(new TournamentSelector<>(2)).survivorsSelector(new EliteSelector<IntegerGene, Double>(1, new TournamentSelector<>(2)));
        }

        @Override
        public java.util.stream.Collector<EvolutionResult<IntegerGene, Double>, ?, ISeq<Phenotype<IntegerGene, Double>>> collector(int population) {
            return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.reducing((a, b) -> b),
                    last -> last.map(EvolutionResult::population).orElse(ISeq.empty()));
        }
    }

    private static final class ParetoScoring implements Scoring<Vec<double[]>> {
        @Override
        public Vec<double[]> fitness(double score, JournalEntry entry) {
            return Vec.of(score, -entry.macs() / 1e9);
        }

        @Override
        public void configure(Engine.Builder<IntegerGene, Vec<double[]>> builder) {
            builder.selector(NSGA2Selector.ofVec());
        }

        @Override
        public java.util.stream.Collector<EvolutionResult<IntegerGene, Vec<double[]>>, ?, ISeq<Phenotype<IntegerGene, Vec<double[]>>>> collector(int population) {
            return MOEA.toParetoSet(IntRange.of(1, population + 1));
        }
    }

    private <C extends Comparable<? super C>> Result searchBudget(Budget budget, int[] from, long seed, Scoring<C> scoring) {
        RandomGenerator random = RandomGeneratorFactory.of("L64X256MixRandom").create(seed);
        return RandomRegistry.with(random, r -> {
            int[] start = BudgetConstraint.repair(space, budget, from);
            if (start == null) {
                throw new TinyVitException("no model of space " + space.name() + " fits the budget " + budget
                        + " (even its smallest knob values are over it, or fail a @Check)");
            }
            BudgetConstraint<R, C> repairing = new BudgetConstraint<>(codec, budget, start);
            List<io.jenetics.Genotype<IntegerGene>> initial = initialPopulation(start, repairing, r);
            Map<String, Double> scores = new LinkedHashMap<>();
            Map<String, JournalEntry> longest = new LinkedHashMap<>();
            Engine.Builder<IntegerGene, C> builder = new Engine.Builder<IntegerGene, C>(
                    population -> evaluate(population, budget, scoring, scores, longest), codec.factory())
                    .populationSize(settings.population())
                    .constraint(repairing)
                    .alterers(new StepMutator<>(0.3), new UniformCrossover<>(0.2))
                    .executor(Runnable::run);
            scoring.configure(builder);
            Engine<IntegerGene, C> engine = builder.build();
            ISeq<Phenotype<IntegerGene, C>> front = engine.stream(initial)
                    .limit(settings.generations())
                    .collect(scoring.collector(settings.population()));
            JournalEntry best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (Map.Entry<String, Double> e : scores.entrySet()) {
                if (e.getValue() > bestScore && longest.get(e.getKey()).ok()) {
                    bestScore = e.getValue();
                    best = longest.get(e.getKey());
                }
            }
            if (best == null) {
                throw new TinyVitException("every candidate of budget " + budget.label() + " failed; see the journal's reasons");
            }
            List<JournalEntry> paretoFront = new ArrayList<>();
            if (settings.pareto()) {
                Set<String> seen = new HashSet<>();
                for (Phenotype<IntegerGene, C> p : front) {
                    StudentSpec spec = space.specOrNull(codec.point(p.genotype()));
                    String key = spec == null ? null : org.tinyvit.model.Families.deployed(spec).key();
                    if (key != null && longest.containsKey(key) && longest.get(key).ok() && seen.add(key)) {
                        paretoFront.add(longest.get(key));
                    }
                }
                paretoFront.sort(Comparator.comparingLong(JournalEntry::macs));
            }
            return new Result(budget, best, null, null, paretoFront);
        });
    }

    /** The start point and distinct repaired neighbours of it (one to three knobs moved one step). */
    private List<io.jenetics.Genotype<IntegerGene>> initialPopulation(int[] start, BudgetConstraint<R, ?> constraint, RandomGenerator random) {
        List<io.jenetics.Genotype<IntegerGene>> initial = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        initial.add(codec.genotype(start));
        seen.add(java.util.Arrays.toString(start));
        for (int attempt = 0; attempt < 50 * settings.population() && initial.size() < settings.population(); attempt++) {
            int[] p = start.clone();
            int moves = 1 + random.nextInt(3);
            for (int m = 0; m < moves; m++) {
                int k = random.nextInt(p.length);
                int size = space.knobs().get(k).size();
                p[k] = Math.max(0, Math.min(size - 1, p[k] + (random.nextBoolean() ? 1 : -1)));
            }
            int[] repaired = constraint.repair(p);
            if (repaired != null && seen.add(java.util.Arrays.toString(repaired))) {
                initial.add(codec.genotype(repaired));
            }
        }
        return initial;
    }

    private <C extends Comparable<? super C>> ISeq<Phenotype<IntegerGene, C>> evaluate(Seq<Phenotype<IntegerGene, C>> population, Budget budget,
            Scoring<C> scoring, Map<String, Double> scores, Map<String, JournalEntry> longest) {
        Map<String, StudentSpec> fresh = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (Phenotype<IntegerGene, C> p : population) {
            int[] point = codec.point(p.genotype());
            StudentSpec spec = space.specOrNull(point);
            String key = spec == null ? null : org.tinyvit.model.Families.deployed(spec).key();
            keys.add(key);
            if (key != null && p.nonEvaluated() && !scores.containsKey(key)) {
                fresh.put(key, spec);
                points.put(key, point);
            }
        }
        score(fresh, budget, scores, longest);
        List<Phenotype<IntegerGene, C>> out = new ArrayList<>();
        for (int i = 0; i < population.size(); i++) {
            Phenotype<IntegerGene, C> p = population.get(i);
            String key = keys.get(i);
            if (p.isEvaluated()) {
                out.add(p);
            } else if (key == null) {
                out.add(p.withFitness(scoring.fitness(FAILED_SCORE, null)));
            } else {
                out.add(p.withFitness(scoring.fitness(scores.get(key), longest.get(key))));
            }
        }
        return ISeq.of(out);
    }

    /** Scores new candidates: one proxy run each, or successive halving. */
    private void score(Map<String, StudentSpec> fresh, Budget budget, Map<String, Double> scores, Map<String, JournalEntry> longest) {
        if (settings.halving() == 0) {
            for (Map.Entry<String, StudentSpec> e : fresh.entrySet()) {
                JournalEntry run = evaluator.evaluate("candidate", budget.label(), e.getValue(), settings.proxy());
                longest.put(e.getKey(), run);
                scores.put(e.getKey(), run.ok() ? run.fitness() : FAILED_SCORE);
            }
            return;
        }
        List<Map.Entry<String, JournalEntry>> first = new ArrayList<>();
        for (Map.Entry<String, StudentSpec> e : fresh.entrySet()) {
            JournalEntry run = evaluator.evaluate("candidate", budget.label(), e.getValue(), settings.shortRun());
            longest.put(e.getKey(), run);
            scores.put(e.getKey(), run.ok() ? run.fitness() : FAILED_SCORE);
            first.add(Map.entry(e.getKey(), run));
        }
        first.removeIf(e -> !e.getValue().ok());
        first.sort(Comparator.comparingDouble((Map.Entry<String, JournalEntry> e) -> -e.getValue().fitness()));
        int promoted = (int) Math.ceil((double) fresh.size() / settings.halving());
        for (Map.Entry<String, JournalEntry> e : first.subList(0, Math.min(promoted, first.size()))) {
            JournalEntry run = evaluator.evaluate("candidate", budget.label(), fresh.get(e.getKey()), settings.proxy());
            if (run.ok()) {
                longest.put(e.getKey(), run);
                scores.put(e.getKey(), 1 + run.fitness());
            }
        }
    }
}
