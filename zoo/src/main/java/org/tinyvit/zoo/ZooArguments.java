package org.tinyvit.zoo;

import ai.djl.modality.cv.Image;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentSpec;

/**
 * The arguments of a zoo model's DJL artifact, in one place: what the repository writes and
 * what the block and translator factories read back. A user's {@code Criteria.optArgument}
 * overrides any of them; {@value #WEIGHTS} and {@value #SYNSET} are the ones meant for that.
 */
final class ZooArguments {
    /** The spec's canonical JSON (any family; TinyViT when it names none). */
    static final String SPEC = "spec";
    static final String BLOCK_FACTORY = "blockFactory";
    static final String TRANSLATOR_FACTORY = "translatorFactory";
    /** Shorter side after resizing, as DJL's own {@code resizeShort}. */
    static final String RESIZE_SHORT = "resizeShort";
    static final String CROP = "crop";
    static final String MEAN = "mean";
    static final String STD = "std";
    /** An {@link Image.Interpolation} name. */
    static final String INTERPOLATION = "interpolation";
    /** Class names in output order. */
    static final String CLASSES = "classes";
    /** A text file of class names, one a line: replaces {@value #CLASSES}. */
    static final String SYNSET = "synset";
    /** The safetensors file to load: a trained model's own, or the file a user names for a preset. */
    static final String WEIGHTS = "weights";
    static final String WEIGHTS_SHA256 = "weightsSha256";
    static final String WEIGHTS_SIZE = "weightsSize";

    private ZooArguments() {}

    /** A new mutable map (DJL adds the repository's query parameters to it). */
    static Map<String, Object> of(ZooItem item) {
        ZooEntry entry = item.entry();
        Preprocessing p = entry.preprocessing();
        Map<String, Object> args = new ConcurrentHashMap<>();
        args.put(SPEC, entry.spec().key());
        args.put(BLOCK_FACTORY, ZooBlockFactory.class.getName());
        args.put(TRANSLATOR_FACTORY, ZooTranslatorFactory.class.getName());
        args.put(RESIZE_SHORT, p.resize());
        args.put(CROP, p.crop());
        args.put(MEAN, p.mean());
        args.put(STD, p.std());
        args.put(INTERPOLATION, item.interpolation().name());
        if (item.kind() == ZooItem.Kind.TRAINED) {
            args.put(CLASSES, entry.classes());
            args.put(WEIGHTS, item.weightsPath().toString());
            args.put(WEIGHTS_SHA256, item.weights().sha256());
            args.put(WEIGHTS_SIZE, item.weights().size());
        }
        return args;
    }

    static StudentSpec spec(Map<String, ?> args, String model) {
        Object spec = args.get(SPEC);
        if (spec == null) {
            throw new TinyVitException("zoo model '" + model + "': artifact argument '" + SPEC + "' is missing");
        }
        return Families.parse(spec.toString(), "zoo model '" + model + "' argument '" + SPEC + "'");
    }

    static Preprocessing preprocessing(Map<String, ?> args, int inChans, String model) {
        try {
            return new Preprocessing(integer(args, RESIZE_SHORT), integer(args, CROP), inChans, numbers(args, MEAN), numbers(args, STD));
        } catch (TinyVitException e) {
            throw new TinyVitException("zoo model '" + model + "': " + e.getMessage());
        }
    }

    static Image.Interpolation interpolation(Map<String, ?> args) {
        Object value = args.get(INTERPOLATION);
        if (value == null) {
            return Image.Interpolation.BILINEAR;
        }
        try {
            return Image.Interpolation.valueOf(value.toString().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TinyVitException("argument '" + INTERPOLATION + "' must be one of NEAREST, BILINEAR, AREA, BICUBIC, got '" + value + "'");
        }
    }

    /** The synset file's names when one is given, else the recorded names, else "class i". */
    static List<String> classes(Map<String, ?> args, int numClasses) {
        Object synset = args.get(SYNSET);
        if (synset != null) {
            return readSynset(Path.of(synset.toString()), numClasses);
        }
        Object recorded = args.get(CLASSES);
        List<String> names = recorded instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : recorded != null ? List.of(recorded.toString().split("\\s*,\\s*")) : Catalog.numberedClasses(numClasses);
        if (names.size() != numClasses) {
            throw new TinyVitException("argument '" + CLASSES + "' has " + names.size() + " names but the model has " + numClasses + " classes");
        }
        return names;
    }

    /** The weights file to load, or null when none is named (a preset without weights). */
    static Path weights(Map<String, ?> args) {
        Object value = args.get(WEIGHTS);
        if (value == null) {
            return null;
        }
        Path path = Path.of(value.toString());
        // A checkpoint folder stands for its weights file, as on the command line.
        return Files.isDirectory(path) ? path.resolve(org.tinyvit.checkpoint.Checkpoint.WEIGHTS_FILE) : path;
    }

    static List<String> readSynset(Path file, int numClasses) {
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw TinyVitException.inFile(file, "cannot read the synset file (" + e.getMessage() + ")");
        }
        if (names.size() != numClasses) {
            throw TinyVitException.inFile(file, "synset has " + names.size() + " class names (one a line) but the model has " + numClasses + " classes");
        }
        return names;
    }

    private static int integer(Map<String, ?> args, String key) {
        Object value = args.get(key);
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw new TinyVitException("argument '" + key + "' must be an integer, got " + value);
        }
    }

    /** A list of numbers, or a comma-separated string of them (as {@code optArgument} may give). */
    private static List<Double> numbers(Map<String, ?> args, String key) {
        Object value = args.get(key);
        List<?> items = value instanceof List<?> list ? list : value == null ? List.of() : List.of(value.toString().split("\\s*,\\s*"));
        List<Double> numbers = new ArrayList<>();
        for (Object item : items) {
            try {
                numbers.add(item instanceof Number n ? n.doubleValue() : Double.parseDouble(item.toString().replaceAll("[\\[\\]\\s]", "")));
            } catch (NumberFormatException e) {
                throw new TinyVitException("argument '" + key + "' must hold numbers, got " + value);
            }
        }
        return numbers;
    }
}
