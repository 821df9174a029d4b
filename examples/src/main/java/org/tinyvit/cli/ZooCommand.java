package org.tinyvit.cli;

import ai.djl.modality.Classifications;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.Json;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.zoo.Catalog;
import org.tinyvit.zoo.Preprocessing;
import org.tinyvit.zoo.TinyVitModelZoo;
import org.tinyvit.zoo.ZooClassifier;
import org.tinyvit.zoo.ZooFolder;
import org.tinyvit.zoo.ZooItem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The model zoo: the presets and the trained models of the zoo folder, as DJL's Criteria API serves them. */
@Command(name = "zoo", description = "The model zoo (folder: -Dtinyvit.zoo, TINYVIT_ZOO or ~/.tinyvit/zoo).",
        subcommands = {ZooCommand.ListModels.class, ZooCommand.Show.class, ZooCommand.Predict.class})
final class ZooCommand implements Runnable {
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a zoo command: list, show or predict");
    }

    /** Every model: presets first, then the trained models of the zoo folder. */
    @Command(name = "list", description = "List the presets and the trained models of the zoo folder.")
    static final class ListModels implements Callable<Integer> {
        @Mixin JsonOption output;

        @Override
        public Integer call() {
            Path zoo = ZooFolder.defaultLocation();
            Catalog.Listing listing = Catalog.list(zoo);
            listing.problems().forEach(problem -> System.err.println("tinyvit: skipped " + problem));
            if (output.json) {
                ObjectNode out = Json.object();
                out.put("zoo", zoo.toString());
                ArrayNode models = out.putArray("models");
                listing.models().forEach(item -> models.add(summary(item)));
                listing.problems().forEach(out.putArray("problems")::add);
                System.out.println(Json.compact(out));
                return 0;
            }
            System.out.printf(Locale.ROOT, "zoo folder %s%n", zoo);
            int nameWidth = listing.models().stream().mapToInt(item -> item.name().length()).max().orElse(0);
            String name = "%-" + Math.max(4, nameWidth) + "s";
            System.out.printf(Locale.ROOT, name + " %-8s %-12s %8s %12s %9s %9s  %s%n",
                    "NAME", "KIND", "INPUT", "CLASSES", "PARAMS", "GMACS", "TEST ACC", "WEIGHTS");
            for (ZooItem item : listing.models()) {
                StudentSpec spec = item.entry().spec();
                System.out.printf(Locale.ROOT, name + " %-8s %-12s %8d %,12d %9.3f %9s  %s%n", item.name(), item.kind().label(),
                        input(spec), spec.numClasses(), Families.params(spec), Families.macs(spec) / 1e9,
                        accuracy(item), item.kind() == ZooItem.Kind.PRESET ? "yours (--weights FILE)" : item.weights().file());
            }
            return 0;
        }
    }

    /** One model in full. */
    @Command(name = "show", description = "Show one model: spec, parameters, MACs, accuracy, preprocessing, weights (verified).")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "A preset or a trained model of the zoo folder.")
        String name;

        @Mixin JsonOption output;

        @Override
        public Integer call() {
            ZooItem item = Catalog.find(ZooFolder.defaultLocation(), name);
            StudentSpec spec = item.entry().spec();
            if (output.json) {
                ObjectNode out = summary(item);
                out.set("spec", spec.toJson());
                ObjectNode preprocessing = item.entry().preprocessing().toJson();
                preprocessing.put("interpolation", item.interpolation().name().toLowerCase(Locale.ROOT));
                out.set("preprocessing", preprocessing);
                item.entry().classes().forEach(out.putArray("classes")::add);
                out.set("source", item.entry().source());
                System.out.println(Json.compact(out));
                return 0;
            }
            StudentSpec deployed = Families.deployed(spec);
            Preprocessing p = item.entry().preprocessing();
            System.out.printf(Locale.ROOT, "%s (%s, %s)%n", item.name(), item.kind().label(), spec.family());
            line("description", item.entry().description());
            line("criteria", url(item));
            line("input", input(spec) + ", " + spec.numClasses() + " classes");
            line("parameters", String.format(Locale.ROOT, "%,d (at 224 px, 3 channels, 1000 classes: %,d)", Families.params(spec), Families.params(deployed)));
            line("MACs", String.format(Locale.ROOT, "%,d (at 224 px: %,d)", Families.macs(spec), Families.macs(deployed)));
            line("test accuracy", item.entry().testAccuracy() != null ? accuracy(item)
                    : item.kind() == ZooItem.Kind.PRESET ? "depends on the weights you supply" : "not measured");
            line("preprocessing", String.format(Locale.ROOT, "shorter side to %d (%s), centre crop %d, mean %s, std %s",
                    p.resize(), item.interpolation().name().toLowerCase(Locale.ROOT), p.crop(), p.mean(), p.std()));
            List<String> classes = item.entry().classes();
            line("classes", String.join(", ", classes.subList(0, Math.min(10, classes.size()))) + (classes.size() > 10 ? ", …" : ""));
            line("weights", item.kind() == ZooItem.Kind.PRESET
                    ? "yours: " + Catalog.publishedWeights(item.name()) + " (zoo predict --weights FILE)"
                    : item.weightsPath() + " (" + item.weights().size() + " bytes, sha256 " + item.weights().sha256() + ", verified)");
            line("spec", spec.key());
            return 0;
        }

        private static void line(String label, String value) {
            System.out.printf(Locale.ROOT, "  %-14s %s%n", label, value);
        }
    }

    /** Top classes of images, through the same Criteria call a Java program would make. */
    @Command(name = "predict", description = "Classify images with a zoo model, loaded through DJL's Criteria API.")
    static final class Predict implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "A preset or a trained model of the zoo folder.")
        String name;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "Image files (PNG, JPEG, …).")
        List<Path> images;

        @Option(names = "--weights", description = "Weights for a preset: timm's model.safetensors, a reference state dict as safetensors, or a checkpoint folder.") Path weights;

        @Option(names = "--synset", description = "Class names of a preset, one a line.") Path synset;

        @Option(names = "--top", description = "Classes shown per image (default ${DEFAULT-VALUE}).") int top = 5;

        @Mixin JsonOption output;

        @Override
        public Integer call() {
            ZooItem item = Catalog.find(ZooFolder.defaultLocation(), name);
            if (item.kind() == ZooItem.Kind.PRESET && weights == null) {
                throw new TinyVitException(Catalog.weightsAdvice(item.name()) + " (command line: --weights FILE)");
            }
            ObjectNode out = Json.object();
            out.put("model", item.name());
            ArrayNode predictions = out.putArray("predictions");
            for (ZooClassifier.Prediction p : ZooClassifier.classify(item.name(), images, Optional.ofNullable(weights), Optional.ofNullable(synset), top)) {
                report(p, predictions.addObject());
            }
            if (output.json) {
                System.out.println(Json.compact(out));
            }
            return 0;
        }

        private void report(ZooClassifier.Prediction p, ObjectNode prediction) {
            prediction.put("image", p.image().toString());
            ArrayNode topClasses = prediction.putArray("top");
            if (!output.json) {
                System.out.println(p.image());
            }
            int rank = 1;
            for (Classifications.Classification c : p.top()) {
                topClasses.addObject().put("class", c.getClassName()).put("probability", c.getProbability());
                if (!output.json) {
                    System.out.printf(Locale.ROOT, "  %d. %-24s %.4f%n", rank++, c.getClassName(), c.getProbability());
                }
            }
        }
    }

    static ObjectNode summary(ZooItem item) {
        StudentSpec spec = item.entry().spec();
        StudentSpec deployed = Families.deployed(spec);
        ObjectNode node = Json.object();
        node.put("name", item.name());
        node.put("kind", item.kind().label());
        node.put("family", spec.family());
        node.put("description", item.entry().description());
        node.put("url", url(item));
        node.put("imgSize", spec.imgSize());
        node.put("inChans", spec.inChans());
        node.put("numClasses", spec.numClasses());
        node.put("params", Families.params(spec));
        node.put("macs", Families.macs(spec));
        node.put("deployParams", Families.params(deployed));
        node.put("deployMacs", Families.macs(deployed));
        if (item.entry().testAccuracy() == null) {
            node.putNull("testAccuracy");
        } else {
            node.put("testAccuracy", item.entry().testAccuracy());
        }
        if (item.kind() == ZooItem.Kind.PRESET) {
            node.putNull("weights");
            node.put("publishedWeights", Catalog.publishedWeights(item.name()));
        } else {
            node.putObject("weights").put("path", item.weightsPath().toString())
                    .put("sha256", item.weights().sha256()).put("size", item.weights().size());
        }
        return node;
    }

    private static String url(ZooItem item) {
        return "djl://" + TinyVitModelZoo.GROUP_ID + "/" + item.name();
    }

    private static String input(StudentSpec spec) {
        return spec.imgSize() + "x" + spec.imgSize() + "x" + spec.inChans();
    }

    private static String accuracy(ZooItem item) {
        Double accuracy = item.entry().testAccuracy();
        return accuracy == null ? "-" : String.format(Locale.ROOT, "%.4f", accuracy);
    }
}
