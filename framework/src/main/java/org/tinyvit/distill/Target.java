package org.tinyvit.distill;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSplits;

/**
 * What a training run learns from, as a value: the labels, a logit store (sparse-kd), a teacher
 * in the loop (online-kd) or a teacher's token relations, optionally added to another loss with a
 * weight. {@link #open} makes the {@link Objective}, loading what it needs.
 *
 * <pre>{@code
 * Target target = Target.sparseKd(Path.of("runs/logits")).withRelation(Path.of("runs/teacher"), 1f, 2);
 * try (Objective objective = target.open(data, config)) { ... }
 * }</pre>
 *
 * @param loss the main loss
 * @param logits the logit store (sparse-kd)
 * @param teacher the teacher checkpoint (online-kd, relation, or relations added to another loss)
 * @param relationWeight weight of the relation loss added to the main loss; 0 for none
 * @param relationStage the attention stage whose last block gives the relations
 * @param labelWeight the labels' share of a distillation loss, {@code w · CE(labels) + (1 − w) · loss}; 0 for the loss alone
 * @param temperature Hinton's distillation temperature T: sparse-kd and online-kd compare the teacher's
 *     distribution softened to T with the student's softmax(logits / T), scaled by T²; 1 is TinyViT's plain loss
 */
public record Target(Loss loss, Optional<Path> logits, Optional<Path> teacher, float relationWeight, int relationStage, float labelWeight,
        float temperature) {
    public static final int DEFAULT_RELATION_STAGE = 2;

    /** The main losses. */
    public enum Loss {
        LABELS, SPARSE_KD, ONLINE_KD, RELATION;

        /** The name used on the command line and in metrics: {@code sparse-kd}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Loss of(String label) {
            for (Loss l : values()) {
                if (l.label().equals(label)) {
                    return l;
                }
            }
            throw new TinyVitException("unknown loss '" + label + "' (known: sparse-kd, online-kd, relation, labels)");
        }
    }

    public Target {
        if (loss == Loss.SPARSE_KD && logits.isEmpty()) {
            throw new TinyVitException("sparse-kd needs a logit store (make one with the logits job)");
        }
        if (needsTeacher(loss, relationWeight) && teacher.isEmpty()) {
            throw new TinyVitException(loss.label() + (relationWeight > 0 ? " with relations" : "") + " needs a teacher checkpoint");
        }
        if (relationWeight < 0) {
            throw new TinyVitException("the relation weight must not be negative, got " + relationWeight);
        }
        if (!(labelWeight >= 0 && labelWeight <= 1)) {
            throw new TinyVitException("the labels' weight must be between 0 and 1, got " + labelWeight);
        }
        if (labelWeight > 0 && loss != Loss.SPARSE_KD && loss != Loss.ONLINE_KD) {
            throw new TinyVitException("a labels' weight mixes the labels into sparse-kd or online-kd, not into " + loss.label());
        }
        if (!(temperature > 0 && Float.isFinite(temperature))) {
            throw new TinyVitException("the distillation temperature must be a positive number, got " + temperature);
        }
        if (temperature != 1 && loss != Loss.SPARSE_KD && loss != Loss.ONLINE_KD) {
            throw new TinyVitException("a temperature softens sparse-kd or online-kd, not " + loss.label());
        }
    }

    /** A target with TinyViT's plain distillation loss (temperature 1). */
    public Target(Loss loss, Optional<Path> logits, Optional<Path> teacher, float relationWeight, int relationStage, float labelWeight) {
        this(loss, logits, teacher, relationWeight, relationStage, labelWeight, 1f);
    }

    /** The same target, with the labels' cross-entropy taking {@code weight} of the main loss. */
    public Target withLabelWeight(float weight) {
        return new Target(loss, logits, teacher, relationWeight, relationStage, weight, temperature);
    }

    /** The same target, distilling at temperature {@code t} (Hinton's softened targets, loss scaled by t²). */
    public Target withTemperature(float t) {
        return new Target(loss, logits, teacher, relationWeight, relationStage, labelWeight, t);
    }

    public static Target labels() {
        return new Target(Loss.LABELS, Optional.empty(), Optional.empty(), 0, DEFAULT_RELATION_STAGE, 0);
    }

    public static Target sparseKd(Path store) {
        return new Target(Loss.SPARSE_KD, Optional.of(store), Optional.empty(), 0, DEFAULT_RELATION_STAGE, 0);
    }

    public static Target onlineKd(Path teacher) {
        return new Target(Loss.ONLINE_KD, Optional.empty(), Optional.of(teacher), 0, DEFAULT_RELATION_STAGE, 0);
    }

    /** TinyMIM's relation loss alone, from the last block of attention stage {@code stage}. */
    public static Target relation(Path teacher, int stage) {
        return new Target(Loss.RELATION, Optional.empty(), Optional.of(teacher), 0, stage, 0);
    }

    /** This target plus TinyMIM's relation loss with {@code weight}. */
    public Target withRelation(Path teacherDir, float weight, int stage) {
        return new Target(loss, logits, Optional.of(teacherDir), weight, stage, labelWeight, temperature);
    }

    private static boolean needsTeacher(Loss loss, float relationWeight) {
        return loss == Loss.ONLINE_KD || loss == Loss.RELATION || relationWeight > 0;
    }

    /** The objective of this target for a run with {@code config} over {@code data}, its teacher on the default device. */
    public Objective open(DataSplits data, TrainConfig config) {
        return open(data, config, ai.djl.engine.Engine.getInstance().defaultDevice());
    }

    /** The objective of this target for a run with {@code config} over {@code data}, its teacher on {@code device}; close it after the run. */
    public Objective open(DataSplits data, TrainConfig config, ai.djl.Device device) {
        long seed = config.seed();
        Teacher loaded = needsTeacher(loss, relationWeight) ? Teacher.load(teacher.orElseThrow(), device) : null;
        try {
            Objective base = switch (loss) {
                case LABELS -> new LabelObjective(seed, config.labelSmoothing());
                case SPARSE_KD -> new SparseKdObjective(logits.orElseThrow(), data, config.augmentation(), temperature);
                case ONLINE_KD -> new OnlineKdObjective(loaded, seed, temperature);
                case RELATION -> null;
            };
            if (labelWeight > 0) {
                base = new WithLabels(base, labelWeight, config.labelSmoothing());
            }
            if (loss == Loss.RELATION || relationWeight > 0) {
                float weight = loss == Loss.RELATION && relationWeight == 0 ? 1f : relationWeight;
                base = new RelationObjective(loaded, base, weight, relationStage, seed);
            }
            return loaded == null ? base : new WithTeacher(base, loaded);
        } catch (RuntimeException e) {
            if (loaded != null) {
                loaded.close();
            }
            throw e;
        }
    }

    /** An objective that owns the teacher it was given: closing it closes the teacher. */
    private static final class WithTeacher extends ForwardingObjective {
        private final Teacher teacher;

        WithTeacher(Objective objective, Teacher teacher) {
            super(objective);
            this.teacher = teacher;
        }

        @Override
        public void close() {
            try {
                base.close();
            } finally {
                teacher.close();
            }
        }
    }
}
