package org.tinyvit.zoo;

import java.nio.file.Path;
import org.tinyvit.checkpoint.Checkpoint;
import org.tinyvit.data.FashionMnist;
import org.tinyvit.io.Json;
import org.tinyvit.model.NamedParameters;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import tools.jackson.databind.node.ObjectNode;

/** A tiny Fashion-MNIST-shaped TinyViT, saved as a checkpoint and described as a zoo entry. */
final class ZooFixture {
    /** Four stages of one block each: builds and runs in milliseconds at 28 × 28 × 1. */
    static final TinyVitSpec TINY = new TinyVitSpec(new int[] {16, 32, 32, 32}, new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1},
            new int[] {7, 7, 7, 7}, 4.0, 4.0, 3, 28, 1, 10, 0.0);
    static final float[] MEAN = {0.286f};
    static final float[] STD = {0.353f};

    private ZooFixture() {}

    /** Saves a randomly initialised model whose BatchNorm scales and attention biases are not trivial. */
    static Path checkpoint(Path dir, StudentSpec spec) {
        try (StudentModel model = StudentModel.create(spec)) {
            NamedParameters.of(model.block()).forEach((name, p) -> {
                if (name.endsWith("bn.weight") || name.endsWith("attention_biases") || name.endsWith("running_var")) {
                    p.getArray().set(model.manager().randomUniform(0.5f, 1.5f, p.getArray().getShape()).toFloatArray());
                }
            });
            Checkpoint.save(dir, model);
        }
        return dir;
    }

    static ZooEntry entry(String name, StudentSpec spec) {
        ObjectNode source = Json.object();
        source.put("family", "runs/family-1");
        source.put("member", 3);
        return new ZooEntry(name, "a tiny test model", spec, Preprocessing.ofTraining(spec.imgSize(), MEAN, STD),
                FashionMnist.CLASSES, 0.5, source);
    }

    /** Installs the tiny model under {@code name} and returns its model folder. */
    static Path install(Path zoo, Path work, String name) {
        return ZooFolder.install(zoo, entry(name, TINY), checkpoint(work.resolve("ckpt-" + name), TINY));
    }
}
