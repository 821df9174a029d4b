package org.tinyvit.search;

import io.jenetics.EliteSelector;
import io.jenetics.Genotype;
import io.jenetics.IntegerGene;
import io.jenetics.Phenotype;
import io.jenetics.TournamentSelector;
import io.jenetics.UniformCrossover;
import io.jenetics.engine.Constraint;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.InvertibleCodec;
import io.jenetics.ext.moea.MOEA;
import io.jenetics.ext.moea.NSGA2Selector;
import io.jenetics.ext.moea.Vec;
import io.jenetics.util.ISeq;
import io.jenetics.util.IntRange;
import io.jenetics.util.RandomRegistry;
import io.jenetics.util.Seq;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.Families;
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
 * List<ContractionSearch.Result> family = search.run(budgets,
 *         budget -> Presets.forBudget(budget.label()).map(p -> new ContractionSearch.Preset(budget.label(), p)));
 * }</pre>
 */
public final class ContractionSearch<R extends Record & Student> {
    /** A hand-designed model scored beside a budget's candidates, at the same proxy settings. */
    public record Preset(String name, StudentSpec spec) {}

    /**
     * The outcome of one budget.
     *
     * @param best the chosen candidate's longest run
     * @param preset the hand-designed model's name and run, when the budget has one
     * @param paretoFront accuracy-vs-MACs front (two-objective mode only, else empty)
     */
    public record Result(Budget budget, JournalEntry best, Optional<PresetRun> preset, List<JournalEntry> paretoFront) {}

    /** A preset's name and its run. */
    public record PresetRun(String name, JournalEntry run) {}

    private final SearchSpace<R> space;
    private final InvertibleCodec<int[], IntegerGene> codec;
    private final CandidateEvaluator evaluator;
    private final SearchSettings settings;
    private final SuccessiveHalving halving;
    /** The point of every candidate evaluated, by spec key (where the next budget starts from). */
    private final Map<String, int[]> points = new LinkedHashMap<>();

    public ContractionSearch(SearchSpace<R> space, CandidateEvaluator evaluator, SearchSettings settings) {
        this.space = space;
        this.codec = SpaceCodecs.points(space);
        this.evaluator = evaluator;
        this.settings = settings;
        this.halving = new SuccessiveHalving(evaluator, settings);
    }

    /** Evaluations a run over {@code budgets} will ask for, about (for progress). */
    public int expectedEvaluations(int budgets) {
        int perGeneration = settings.offspring() * (settings.halving() > 0 ? 2 : 1);
        return budgets * (settings.population() * (settings.halving() > 0 ? 2 : 1) + (settings.generations() - 1) * perGeneration + 1);
    }

    /**
     * Runs the budgets in the order given.
     *
     * @param presetFor the hand-designed model to compare with for a budget, if there is one
     */
    public List<Result> run(List<Budget> budgets, Function<Budget, Optional<Preset>> presetFor) {
        List<Result> results = new ArrayList<>();
        int[] start = space.encode(space.seed());
        for (int b = 0; b < budgets.size(); b++) {
            Budget budget = budgets.get(b);
            Optional<PresetRun> preset = presetFor.apply(budget).map(p -> new PresetRun(p.name(),
                    evaluator.evaluate(new Candidate(Candidate.PRESET, budget.label(), p.spec(), settings.proxy()))));
            Result result = settings.pareto()
                    ? searchBudget(budget, start, settings.seed() + b, new ParetoScoring())
                    : searchBudget(budget, start, settings.seed() + b, new SingleScoring());
            results.add(new Result(budget, result.best(), preset, result.paretoFront()));
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
            int[] start = BudgetConstraint.repair(space, budget, from).orElseThrow(() -> new TinyVitException("no model of space " + space.name()
                    + " fits the budget " + budget + " (even its smallest knob values are over it, or fail a @Check)"));
            Constraint<IntegerGene, C> repairing = BudgetConstraint.of(space, codec, budget, start);
            List<Genotype<IntegerGene>> initial = initialPopulation(start, budget, r);
            Map<String, Scored> scored = new LinkedHashMap<>();
            // a fresh prototype drawn here from the budget's generator: these draws (two a knob) are part of what a seed
            // fixes, so moving or dropping them would change every seeded search's choices and what --resume can reuse
            Genotype<IntegerGene> prototype = codec.encoding().newInstance();
            Engine.Builder<IntegerGene, C> builder = new Engine.Builder<IntegerGene, C>(
                    population -> evaluate(population, budget, scoring, scored), prototype)
                    .populationSize(settings.population())
                    .constraint(repairing)
                    .alterers(new StepMutator<>(0.3), new UniformCrossover<>(0.2))
                    .executor(Runnable::run);
            scoring.configure(builder);
            Engine<IntegerGene, C> engine = builder.build();
            ISeq<Phenotype<IntegerGene, C>> front = engine.stream(initial)
                    .limit(settings.generations())
                    .collect(scoring.collector(settings.population()));
            // max keeps the first of equal scores: the earliest evaluated candidate wins a tie
            Map<String, Double> standings = settings.fitness().standings(scored);
            JournalEntry best = scored.keySet().stream()
                    .filter(key -> scored.get(key).longest().ok())
                    .max(Comparator.comparingDouble(standings::get))
                    .map(key -> scored.get(key).longest())
                    .orElseThrow(() -> new TinyVitException("every candidate of budget " + budget.label() + " failed; see the journal's reasons"));
            List<JournalEntry> paretoFront = settings.pareto() ? paretoFront(front, scored) : List.of();
            return new Result(budget, best, Optional.empty(), paretoFront);
        });
    }

    /** The distinct successful candidates of the final front, by MACs. */
    private <C extends Comparable<? super C>> List<JournalEntry> paretoFront(ISeq<Phenotype<IntegerGene, C>> front, Map<String, Scored> scored) {
        List<JournalEntry> paretoFront = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Phenotype<IntegerGene, C> p : front) {
            space.spec(codec.decode(p.genotype())).map(ContractionSearch::key)
                    .filter(key -> scored.containsKey(key) && scored.get(key).longest().ok() && seen.add(key))
                    .ifPresent(key -> paretoFront.add(scored.get(key).longest()));
        }
        paretoFront.sort(Comparator.comparingLong(JournalEntry::macs));
        return paretoFront;
    }

    /** A candidate's journal key: that of its spec at deployment input. */
    private static String key(StudentSpec spec) {
        return Families.deployed(spec).key();
    }

    /** The start point and distinct repaired neighbours of it (one to three knobs moved one step). */
    private List<Genotype<IntegerGene>> initialPopulation(int[] start, Budget budget, RandomGenerator random) {
        List<Genotype<IntegerGene>> initial = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        initial.add(codec.encode(start));
        seen.add(Arrays.toString(start));
        for (int attempt = 0; attempt < 50 * settings.population() && initial.size() < settings.population(); attempt++) {
            int[] p = start.clone();
            int moves = 1 + random.nextInt(3);
            for (int m = 0; m < moves; m++) {
                int k = random.nextInt(p.length);
                int size = space.knobs().get(k).size();
                p[k] = Math.max(0, Math.min(size - 1, p[k] + (random.nextBoolean() ? 1 : -1)));
            }
            BudgetConstraint.repair(space, budget, p)
                    .filter(repaired -> seen.add(Arrays.toString(repaired)))
                    .ifPresent(repaired -> initial.add(codec.encode(repaired)));
        }
        return initial;
    }

    private <C extends Comparable<? super C>> ISeq<Phenotype<IntegerGene, C>> evaluate(Seq<Phenotype<IntegerGene, C>> population, Budget budget,
            Scoring<C> scoring, Map<String, Scored> scored) {
        Map<String, StudentSpec> fresh = new LinkedHashMap<>();
        List<Optional<String>> keys = new ArrayList<>();
        for (Phenotype<IntegerGene, C> p : population) {
            int[] point = codec.decode(p.genotype());
            Optional<StudentSpec> spec = space.spec(point);
            Optional<String> key = spec.map(ContractionSearch::key);
            keys.add(key);
            if (key.isPresent() && p.nonEvaluated() && !scored.containsKey(key.get())) {
                fresh.put(key.get(), spec.get());
                points.put(key.get(), point);
            }
        }
        scored.putAll(score(fresh, budget));
        // a fitness that weighs MACs is given again to every candidate: macs+train-loss ranks against the others, so new ones move the
        // evaluated ones' standing (log-macs-2x-train-loss gives each the same value again, unless successive halving's runs of two
        // lengths make the standings ranks)
        boolean rescore = settings.fitness().ranksWithMacs();
        Map<String, Double> standings = settings.fitness().standings(scored);
        List<Phenotype<IntegerGene, C>> out = new ArrayList<>();
        for (int i = 0; i < population.size(); i++) {
            Phenotype<IntegerGene, C> p = population.get(i);
            Optional<String> key = keys.get(i).filter(scored::containsKey);
            if (p.isEvaluated() && !rescore) {
                out.add(p);
            } else if (key.isEmpty()) {
                out.add(p.withFitness(scoring.fitness(Scored.FAILED, null)));
            } else {
                out.add(p.withFitness(scoring.fitness(standings.get(key.get()), scored.get(key.get()).longest())));
            }
        }
        return ISeq.of(out);
    }

    /** Scores new candidates: one proxy run each, or successive halving. */
    private Map<String, Scored> score(Map<String, StudentSpec> fresh, Budget budget) {
        if (settings.halving() > 0) {
            return halving.score(fresh, budget.label());
        }
        return Scored.all(fresh.keySet(), evaluator.evaluateAll(Candidate.all(fresh.values(), budget.label(), settings.proxy())), settings.fitness());
    }
}
