package org.tinyvit.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tinyvit.TinyVitException;
import org.tinyvit.distill.Target;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.distill.store.StoreManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains a student against stored logits, an online teacher, token relations or labels. */
@Command(name = "distill", description = "Train a student (default tinyvit-5m) with sparse-kd, online-kd, relation or labels.")
final class DistillCommand implements Callable<Integer> {
    @Mixin TrainingCommandOptions training;

    @Option(names = "--loss", description = "sparse-kd, online-kd, relation or labels (default ${DEFAULT-VALUE}).") String loss = "sparse-kd";

    @Option(names = "--logits", description = "Logit store folder (sparse-kd).") Path logits;

    @Option(names = "--teacher", description = "Teacher checkpoint folder (online-kd, relation).") Path teacherDir;

    @Option(names = "--relation-weight", description = "Weight of TinyMIM's relation loss added to sparse-kd (needs --teacher); 1 for --loss relation. Default ${DEFAULT-VALUE}.") float relationWeight = 0f;

    @Option(names = "--label-weight", description = "Share of the labels' cross-entropy mixed into sparse-kd or online-kd: w * labels + (1 - w) * distillation (default ${DEFAULT-VALUE}: distillation alone).") float labelWeight = 0f;

    @Option(names = "--temperature", description = "Distillation temperature T of sparse-kd or online-kd: the teacher's distribution softened to T against the student's softmax(logits / T), scaled by T^2 (default ${DEFAULT-VALUE}: TinyViT's plain loss).") float temperature = 1f;

    @Option(names = "--relation-stage", description = "Attention stage whose last block gives the relations, same on both sides (default ${DEFAULT-VALUE}).") int relationStage = Target.DEFAULT_RELATION_STAGE;

    @Override
    public Integer call() {
        Target target = target();
        Optional<StoreManifest> store = Optional.ofNullable(logits).map(StoreManifest::read);
        training.run("tinyvit-5m", store.map(StoreManifest::imgSize).orElse(0),
                store.map(StoreManifest::augmentation).orElse(TrainConfig.DEFAULT_AUGMENTATION), target);
        return 0;
    }

    /** The target the flags name; a missing store or teacher is reported with the flag that gives it. */
    private Target target() {
        Target.Loss main = Target.Loss.of(loss);
        if (main == Target.Loss.SPARSE_KD && logits == null) {
            throw new TinyVitException("--loss sparse-kd needs --logits DIR (make one with 'tinyvit logits')");
        }
        boolean teacherNeeded = main == Target.Loss.ONLINE_KD || main == Target.Loss.RELATION || relationWeight > 0;
        if (teacherNeeded && teacherDir == null) {
            throw new TinyVitException("--loss " + loss + (relationWeight > 0 ? " with --relation-weight" : "") + " needs --teacher DIR");
        }
        return new Target(main, Optional.ofNullable(logits), Optional.ofNullable(teacherDir), relationWeight, relationStage, labelWeight, temperature);
    }
}
