package org.tinyvit.cli;

import java.util.concurrent.Callable;
import org.tinyvit.io.Json;
import org.tinyvit.model.Cost;
import org.tinyvit.model.NamedParameters;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.tinyvit.CostModel;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/** Builds a model and reports its exact size and cost. */
@Command(name = "model", description = "Build a model and print its parameter count and MACs.")
final class ModelCommand implements Callable<Integer> {
    @Mixin SpecOptions specOptions;

    @Option(names = "--json", description = "Print one JSON object on stdout.") boolean json;

    @Override
    public Integer call() {
        TinyVitSpec spec = specOptions.resolve();
        long counted;
        try (StudentModel model = StudentModel.create(spec)) {
            counted = NamedParameters.countTrainable(model.block());
        }
        Cost cost = CostModel.of(spec);
        if (json) {
            System.out.println(Json.compact(Json.object("params", counted, "paramsAnalytic", cost.params(), "macs", cost.macs(),
                    "imgSize", spec.imgSize(), "spec", spec.toJson())));
        } else {
            System.out.printf("%s at %dx%d, %d classes%n", specOptions.label(), spec.imgSize(), spec.imgSize(), spec.numClasses());
            System.out.printf("  parameters  %,d (counted on the DJL block; analytic %,d)%n", counted, cost.params());
            System.out.printf("  MACs        %,d (%.3f G)%n", cost.macs(), cost.macs() / 1e9);
            System.out.printf("  spec        %s%n", spec.key());
        }
        return 0;
    }
}
