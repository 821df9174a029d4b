package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Optional;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.Augmentation;
import org.tinyvit.model.Scalars;

/**
 * TinyMIM's token-relation distillation, alone or added with a weight to another objective.
 * Relations are taken over all tokens of the map entering the last block of one attention stage
 * (the same stage on both sides), not per window, so teacher and student may use different
 * windows; widths may differ too, since the student splits its width into the teacher's head
 * count (or, when that does not divide it, both sides into the largest smaller count that divides
 * both widths). Both maps must have the same number of tokens (same input resolution).
 */
public final class RelationObjective implements Objective {
    private final Teacher teacher;
    private final Objective base;
    private final float weight;
    private final int stage;
    private final long runSeed;

    /** @param base another objective to add to, or null for relations alone */
    public RelationObjective(Teacher teacher, Objective base, float weight, int stage, long runSeed) {
        this.teacher = teacher;
        this.base = base;
        this.weight = weight;
        this.stage = stage;
        this.runSeed = runSeed;
    }

    @Override
    public int seed(int epoch, int index) {
        return base != null ? base.seed(epoch, index) : Augmentation.sampleSeed(runSeed, epoch, index);
    }

    @Override
    public Optional<float[]> hostTargets(int epoch, int[] indices) {
        return base != null ? base.hostTargets(epoch, indices) : Optional.empty();
    }

    @Override
    public int relationStage() {
        return stage;
    }

    @Override
    public NDArray loss(Batch batch, NDArray logits, StudentRelation studentRelation) {
        NDList s = studentRelation.queryKeyValue(heads(studentRelation.width()));
        NDList t = teacher.relation(batch.images(), stage, (int) s.get(0).getShape().get(1));
        if (t.get(0).getShape().get(2) != s.get(0).getShape().get(2)) {
            throw new TinyVitException("relation distillation needs the same number of tokens on both sides: teacher "
                    + t.get(0).getShape().get(2) + ", student " + s.get(0).getShape().get(2) + " (use the same input resolution on both sides)");
        }
        NDArray relation = Scalars.times(Losses.relation(t, s), weight);
        return base == null ? relation : base.loss(batch, logits, studentRelation).add(relation);
    }

    /**
     * The head count both sides use: the teacher's when it divides the student's width (TinyMIM's
     * alignment), else the largest count below it that divides both widths.
     */
    int heads(long studentWidth) {
        int teacherHeads = teacher.relationHeads(stage);
        long teacherWidth = teacher.spec().embedDims()[stage];
        for (int h = teacherHeads; h > 1; h--) {
            if (studentWidth % h == 0 && teacherWidth % h == 0) {
                return h;
            }
        }
        return 1;
    }

    @Override
    public String name() {
        return base == null ? "relation" : base.name() + "+relation";
    }

    @Override
    public void close() {
        if (base != null) {
            base.close();
        }
    }
}
