package org.tinyvit.zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.tinyvit.TinyVitException;
import org.tinyvit.checkpoint.Checkpoint;
import org.tinyvit.io.AtomicFiles;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.model.tinyvit.Presets;

/**
 * A zoo folder on disk: one sub-folder per trained model, holding {@code model.json} (see
 * {@link ModelJson}) and {@code weights.safetensors} (a {@link Checkpoint} weights file).
 * Default location: system property {@value #PROPERTY}, else environment variable {@value #ENV},
 * else {@code ~/.tinyvit/zoo}.
 *
 * <pre>{@code
 * Path folder = ZooFolder.install(ZooFolder.defaultLocation(), entry, Path.of("runs/student"));
 * ZooItem model = ZooFolder.read(folder);      // weights verified against model.json
 * }</pre>
 */
public final class ZooFolder {
    public static final String PROPERTY = "tinyvit.zoo";
    public static final String ENV = "TINYVIT_ZOO";

    private ZooFolder() {}

    public static Path defaultLocation() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".tinyvit", "zoo");
    }

    /**
     * Installs a trained model: checks {@code checkpointDir} with {@link Checkpoint}'s checks
     * against {@code entry.spec()}, copies its weights file into {@code zoo/<name>/}, records the
     * copy's SHA-256 and size, then writes model.json, each file atomically. An installed model
     * of the same name is replaced. Returns the model's folder.
     */
    public static Path install(Path zoo, ZooEntry entry, Path checkpointDir) {
        if (Presets.exists(entry.name())) {
            throw new TinyVitException("zoo model name '" + entry.name() + "' is taken by a preset; choose another name");
        }
        StudentSpec trained = Checkpoint.readStudentSpec(checkpointDir);
        if (!trained.equals(entry.spec())) {
            throw new TinyVitException(checkpointDir + ": checkpoint holds spec " + trained.key()
                    + ", but zoo model '" + entry.name() + "' is described with spec " + entry.spec().key());
        }
        Path source = checkpointDir.resolve(Checkpoint.WEIGHTS_FILE);
        String checkedSha = WeightsFile.sha256(source);
        try (StudentModel checked = Checkpoint.load(checkpointDir)) {
            // Loading runs every check: format, version, spec, and each tensor's name and shape.
        }
        Path folder = zoo.resolve(entry.name());
        Path target = folder.resolve(Checkpoint.WEIGHTS_FILE);
        AtomicFiles.write(target, out -> Files.copy(source, out));
        WeightsFile weights = WeightsFile.of(target);
        if (!weights.sha256().equals(checkedSha)) {
            throw TinyVitException.inFile(source, "changed while it was being installed; install again");
        }
        ModelJson.write(folder.resolve(ModelJson.FILE), entry, weights);
        return folder;
    }

    /**
     * The model installed as {@code name} that installing {@code checkpointDir} under that name
     * would replace: empty when there is none, when it holds the same weights (the same run
     * installed again), or when its folder cannot be read.
     */
    public static Optional<ZooItem> replacedBy(Path zoo, String name, Path checkpointDir) {
        Path folder = zoo.resolve(name);
        if (!Files.isRegularFile(folder.resolve(ModelJson.FILE))) {
            return Optional.empty();
        }
        try {
            ZooItem installed = read(folder, false);
            String incoming = WeightsFile.sha256(checkpointDir.resolve(Checkpoint.WEIGHTS_FILE));
            return installed.weights().sha256().equals(incoming) ? Optional.empty() : Optional.of(installed);
        } catch (TinyVitException e) {
            return Optional.empty();
        }
    }

    /** Reads a model folder: model.json strictly, and its weights file verified by size and SHA-256. */
    public static ZooItem read(Path folder) {
        return read(folder, true);
    }

    static ZooItem read(Path folder, boolean verifyHash) {
        ZooItem item = readModelJson(folder);
        if (verifyHash) {
            item.weights().verify(item.folder());
        } else {
            item.weights().checkSize(item.folder());
        }
        return item;
    }

    /**
     * The trained models of a zoo folder, sorted by name. Weights are checked by size only (hashing
     * every file on each listing would be slow); {@link #read} verifies the hash before a load.
     * Sub-folders that cannot be read are reported in {@link Catalog.Listing#problems()}.
     */
    public static Catalog.Listing scan(Path zoo) {
        List<ZooItem> models = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(zoo)) {
            return new Catalog.Listing(models, problems);
        }
        List<Path> folders;
        try (Stream<Path> children = Files.list(zoo)) {
            folders = children.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw TinyVitException.inFile(zoo, "cannot list the zoo folder (" + e.getMessage() + ")");
        }
        for (Path folder : folders) {
            try {
                if (Presets.exists(folder.getFileName().toString())) {
                    throw TinyVitException.inFile(folder, "a zoo folder may not use a preset's name; rename it");
                }
                models.add(read(folder, false));
            } catch (TinyVitException e) {
                problems.add(e.getMessage());
            }
        }
        return new Catalog.Listing(models, problems);
    }

    private static ZooItem readModelJson(Path folder) {
        Path file = folder.resolve(ModelJson.FILE);
        if (!Files.isRegularFile(file)) {
            throw TinyVitException.inFile(folder, "not a zoo model (no " + ModelJson.FILE + "); install models with ZooFolder.install");
        }
        return ModelJson.read(file);
    }
}
