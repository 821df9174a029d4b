package org.tinyvit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.LabelObjective;
import org.tinyvit.distill.Objective;
import org.tinyvit.distill.OnlineKdObjective;
import org.tinyvit.distill.RelationObjective;
import org.tinyvit.distill.SparseKdObjective;
import org.tinyvit.distill.Teacher;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/** Trains a student against stored logits, an online teacher, token relations or labels. */
@Command(name = "distill", description = "Train a student (default tinyvit-5m) with sparse-kd, online-kd, relation or labels.")
final class DistillCommand implements Callable<Integer> {
    static final int DEFAULT_EPOCHS = 3;
    static final int DEFAULT_RELATION_STAGE = 2;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    TrainOptions trainOptions;

    @Option(names = "--loss", defaultValue = "sparse-kd", description = "sparse-kd, online-kd, relation or labels (default ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--logits", description = "Logit store folder (sparse-kd).")
    Path logits;

    @Option(names = "--teacher", description = "Teacher checkpoint folder (online-kd, relation).")
    Path teacherDir;

    @Option(names = "--relation-weight", defaultValue = "0", description = "Weight of TinyMIM's relation loss added to sparse-kd (needs --teacher); 1 for --loss relation. Default ${DEFAULT-VALUE}.")
    float relationWeight;

    @Option(names = "--relation-stage", defaultValue = "" + DEFAULT_RELATION_STAGE, description = "Attention stage whose last block gives the relations, same on both sides (default ${DEFAULT-VALUE}).")
    int relationStage;

    @Option(names = "--out", required = true, description = "Output folder (checkpoint + metrics.json).")
    Path out;

    @Option(names = "--json", description = "Print metrics.json on stdout.")
    boolean json;

    @Override
    public Integer call() {
        DataSplits data = dataOptions.load(trainOptions.trainSamples);
        TinyVitSpec spec = Specs.adapt(specOptions.resolveOr("tinyvit-5m"), specOptions, data, trainOptions);
        if (specOptions.imgSize == null && logits != null) {
            spec = spec.withImgSize(StoreManifest.read(logits).imgSize());
        }
        var config = trainOptions.config(DEFAULT_EPOCHS, spec.imgSize());
        try (Teacher teacher = needsTeacher() ? Teacher.load(requireTeacher()) : null;
                Objective objective = objective(data, teacher, config.seed())) {
            ObjectNode extra = org.tinyvit.io.Json.object();
            extra.put("loss", objective.name());
            Specs.report(Specs.train(spec, data, config, objective, out, extra), out, json);
        }
        return 0;
    }

    private boolean needsTeacher() {
        return loss.equals("online-kd") || loss.equals("relation") || relationWeight > 0;
    }

    private Path requireTeacher() {
        if (teacherDir == null) {
            throw new TinyVitException("--loss " + loss + (relationWeight > 0 ? " with --relation-weight" : "") + " needs --teacher DIR");
        }
        return teacherDir;
    }

    private Objective objective(DataSplits data, Teacher teacher, long seed) {
        Objective base = switch (loss) {
            case "labels" -> new LabelObjective(seed);
            case "online-kd" -> new OnlineKdObjective(teacher, seed);
            case "relation" -> null;
            case "sparse-kd" -> {
                if (logits == null) {
                    throw new TinyVitException("--loss sparse-kd needs --logits DIR (make one with 'tinyvit logits')");
                }
                yield new SparseKdObjective(logits, data);
            }
            default -> throw new TinyVitException("unknown --loss '" + loss + "' (known: sparse-kd, online-kd, relation, labels)");
        };
        if (base == null) {
            return new RelationObjective(teacher, null, relationWeight > 0 ? relationWeight : 1f, relationStage, seed);
        }
        return relationWeight > 0 ? new RelationObjective(teacher, base, relationWeight, relationStage, seed) : base;
    }
}
