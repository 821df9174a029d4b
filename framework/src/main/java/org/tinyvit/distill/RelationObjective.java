package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.Augmentation;

/**
 * TinyMIM's token-relation distillation, alone or added with a weight to another objective.
 * Relations are taken over all tokens of the map entering the last block of one attention stage
 * (the same stage on both sides), not per window, so teacher and student may use different
 * windows; widths may differ too, since the student splits its width into the teacher's head
 * count. Both maps must have the same number of tokens (same input resolution).
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
    public int relationStage() {
        return stage;
    }

    @Override
    public NDArray loss(Batch batch, NDArray logits, StudentRelation studentRelation) {
        NDList t = teacher.relation(batch.images(), stage);
        NDList s = studentRelation.queryKeyValue(teacher.relationHeads(stage));
        if (t.get(0).getShape().get(2) != s.get(0).getShape().get(2)) {
            throw new TinyVitException("relation distillation needs the same number of tokens on both sides: teacher "
                    + t.get(0).getShape().get(2) + ", student " + s.get(0).getShape().get(2) + " (use the same --img-size)");
        }
        NDArray relation = Losses.relation(t, s).mul(weight);
        return base == null ? relation : base.loss(batch, logits, studentRelation).add(relation);
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
