package org.tinyvit.cli;

import java.util.concurrent.Callable;
import org.tinyvit.distill.Target;
import org.tinyvit.distill.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Trains a teacher on labels. */
@Command(name = "teacher", description = "Train a teacher (default: tinyvit-21m adapted to the data) on the labels; writes a checkpoint and metrics.json.")
final class TeacherCommand implements Callable<Integer> {
    @Mixin TrainingCommandOptions training;

    @Override
    public Integer call() {
        training.run("tinyvit-21m", 0, TrainConfig.DEFAULT_AUGMENTATION, Target.labels());
        return 0;
    }
}
