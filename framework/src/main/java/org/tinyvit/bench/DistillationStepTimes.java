package org.tinyvit.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.Distiller;
import org.tinyvit.distill.Objective;
import org.tinyvit.distill.Target;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.StudentSpec;

/**
 * Seconds per training step of one student under {@code labels}, {@code sparse-kd} and
 * {@code online-kd}, measured in one process over the samples of a logit store, interleaved over
 * rounds: every round's figure is kept. What the logit store costs over plain labels and saves over a teacher
 * in the loop. A benchmark; never asserted in a test.
 */
public final class DistillationStepTimes {
    /** Validation images scored after each timed epoch: few, so the run stays short. */
    private static final int VAL_IMAGES = 256;

    private DistillationStepTimes() {}

    /**
     * Seconds per step of each loss, by its label, one value per round in the order run. On a
     * machine whose speed drifts by more than the difference measured (a shared VM), compare
     * within rounds ({@link #sparseKdOverheadMedianOfRounds}) rather than the best rounds.
     */
    public record Result(int batch, int steps, Map<String, List<Double>> rounds) {
        /** The best (lowest) seconds per step of each loss. */
        public Map<String, Double> secondsPerStep() {
            Map<String, Double> best = new LinkedHashMap<>();
            rounds.forEach((loss, seconds) -> best.put(loss, Collections.min(seconds)));
            return best;
        }

        /** sparse-kd's best round over labels' best round, less 1. */
        public double sparseKdOverheadOverLabels() {
            return secondsPerStep().get("sparse-kd") / secondsPerStep().get("labels") - 1;
        }

        /** The median over rounds of sparse-kd's seconds over labels' in the same round, less 1: what drift between rounds does not move. */
        public double sparseKdOverheadMedianOfRounds() {
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < rounds.get("labels").size(); r++) {
                ratios.add(rounds.get("sparse-kd").get(r) / rounds.get("labels").get(r));
            }
            Collections.sort(ratios);
            int n = ratios.size();
            return (n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2) - 1;
        }

        public double sparseKdSpeedupOverOnlineKd() {
            return secondsPerStep().get("online-kd") / secondsPerStep().get("sparse-kd");
        }
    }

    /**
     * {@code student} must already fit the store's input and classes. Every loss trains with the
     * store's augmentation, which sparse-kd must replay, so the three see the same images.
     */
    public static Result measure(StudentSpec student, DataSplits all, Path teacher, Path store, int batch, int rounds) {
        DataSplits data = new DataSplits(all.train(), all.val().head(VAL_IMAGES), all.test(), all.mean(), all.std());
        TrainConfig config = new TrainConfig(1, batch, 1e-3f, 0.05f, 5f, 1).withAugmentation(StoreManifest.read(store).augmentation());
        Map<String, Target> targets = new LinkedHashMap<>();
        targets.put("labels", Target.labels());
        targets.put("sparse-kd", Target.sparseKd(store));
        targets.put("online-kd", Target.onlineKd(teacher));
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Target> t : targets.entrySet()) {
                try (StudentModel model = StudentModel.create(student); Objective objective = t.getValue().open(data, config)) {
                    double perStep = new Distiller(config).quiet().withoutTest().train(model, data, objective, null).secondsPerStep();
                    seconds.computeIfAbsent(t.getKey(), k -> new ArrayList<>()).add(perStep);
                    System.err.printf(Locale.ROOT, "bench distill round %d %s: %.4f s/step%n", round + 1, t.getKey(), perStep);
                }
            }
        }
        return new Result(batch, (data.train().size() + batch - 1) / batch, seconds);
    }
}
