package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import java.util.Locale;
import org.tinyvit.model.Scalars;

/**
 * A distillation objective mixed with the labels (Hinton's recipe): {@code w · CE(labels) +
 * (1 − w) · base}. Useful when the teacher is not much better than the student, or was trained on
 * the same images, so its targets repeat its own mistakes on them. The base decides the
 * augmentation, the targets and the relations.
 */
final class WithLabels extends ForwardingObjective {
    private final float weight;
    private final float smoothing;

    /** @param weight the labels' share, in (0, 1]; @param smoothing the labels' smoothing */
    WithLabels(Objective base, float weight, float smoothing) {
        super(base);
        this.weight = weight;
        this.smoothing = smoothing;
    }

    @Override
    public NDArray loss(Batch batch, NDArray logits, StudentRelation relation) {
        NDArray labels = Scalars.times(Losses.crossEntropy(logits, batch.labels(), smoothing), weight);
        return labels.add(Scalars.times(base.loss(batch, logits, relation), 1 - weight));
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "%s+%.2g*labels", base.name(), weight);
    }
}
