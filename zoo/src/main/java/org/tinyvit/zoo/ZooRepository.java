package org.tinyvit.zoo;

import ai.djl.Application;
import ai.djl.repository.AbstractRepository;
import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Metadata;
import ai.djl.repository.VersionRange;
import ai.djl.util.Progress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The zoo as a DJL repository: it describes each model as DJL artifact metadata built from the
 * catalog (never downloaded), verifies a trained model's weights in {@link #prepare}, and points
 * DJL at the model's folder. Arguments in the repository URL's query string
 * ({@code djl://org.tinyvit/tinyvit-5m?weights=/path/model.safetensors}) reach the artifact.
 */
final class ZooRepository extends AbstractRepository {
    /** Zoo models have one version each; DJL's version ranges match it. */
    static final String ARTIFACT_VERSION = "1.0";
    private static final String METADATA_VERSION = "0.2";
    private final Path zoo;
    private final List<MRL> pinned = new ArrayList<>();

    ZooRepository(String name, URI uri, Path zoo) {
        super(name, uri);
        this.zoo = zoo;
    }

    ZooRepository(Path zoo) {
        this("tinyvit-zoo", zoo.toUri(), zoo);
    }

    MRL mrl(String artifactId) {
        return model(Application.CV.IMAGE_CLASSIFICATION, TinyVitModelZoo.GROUP_ID, artifactId);
    }

    @Override
    public boolean isRemote() {
        return false;
    }

    @Override
    public Metadata locate(MRL mrl) {
        ZooItem item = Catalog.find(zoo, mrl.getArtifactId(), false);
        Metadata metadata = new Metadata();
        metadata.setMetadataVersion(METADATA_VERSION);
        metadata.setGroupId(TinyVitModelZoo.GROUP_ID);
        metadata.setArtifactId(item.name());
        metadata.setName(item.name());
        metadata.setDescription(item.entry().description());
        metadata.setApplication(Application.CV.IMAGE_CLASSIFICATION);
        metadata.setRepositoryUri(URI.create(item.name() + "/"));
        metadata.setArtifacts(List.of(artifact(item)));
        metadata.init(arguments);
        return metadata;
    }

    private static Artifact artifact(ZooItem item) {
        Artifact artifact = new Artifact();
        artifact.setName(item.name());
        artifact.setVersion(ARTIFACT_VERSION);
        artifact.setMetadataVersion(METADATA_VERSION);
        artifact.setProperties(properties(item));
        artifact.setArguments(ZooArguments.of(item));
        // The block factory loads the weights itself: PyTorch has no DJL .params file to look for.
        artifact.setOptions(new ConcurrentHashMap<>(Map.of("hasParameter", "false")));
        Map<String, Artifact.Item> files = new ConcurrentHashMap<>();
        if (item.kind() == ZooItem.Kind.TRAINED) {
            Artifact.Item weights = new Artifact.Item();
            weights.setName(item.weights().file());
            weights.setType("file");
            weights.setSize(item.weights().size());
            weights.setArtifact(artifact);
            files.put(ZooArguments.WEIGHTS, weights);
        }
        artifact.setFiles(files);
        return artifact;
    }

    /** What {@code Criteria.optFilter} can match on. */
    private static Map<String, String> properties(ZooItem item) {
        var spec = item.entry().spec();
        Map<String, String> p = new ConcurrentHashMap<>();
        p.put("name", item.name());
        p.put("kind", item.kind().label());
        p.put("family", spec.family());
        p.put("imgSize", Integer.toString(spec.imgSize()));
        p.put("inChans", Integer.toString(spec.inChans()));
        p.put("numClasses", Integer.toString(spec.numClasses()));
        return p;
    }

    @Override
    public Artifact resolve(MRL mrl, Map<String, String> filter) {
        List<Artifact> found = locate(mrl).search(VersionRange.parse(mrl.getVersion()), filter);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Nothing to download; a trained model's weights are checked against model.json by size and SHA-256. */
    @Override
    public void prepare(Artifact artifact, Progress progress) {
        if (ZooItem.Kind.TRAINED.label().equals(artifact.getProperties().get("kind"))) {
            ZooFolder.read(zoo.resolve(artifact.getName()));
        }
    }

    @Override
    public Path getCacheDirectory() {
        return zoo;
    }

    /** A trained model's folder; for a preset, a folder that does not exist (its weights come from an argument). */
    @Override
    public Path getResourceDirectory(Artifact artifact) {
        return zoo.resolve(artifact.getName());
    }

    @Override
    protected URI resolvePath(Artifact.Item item, String path) {
        return getResourceDirectory(item.getArtifact()).resolve(item.getName()).toUri();
    }

    /** The models named in a djl:// URL, else every model of the catalog. */
    @Override
    public List<MRL> getResources() {
        if (!pinned.isEmpty()) {
            return List.copyOf(pinned);
        }
        return Catalog.list(zoo).models().stream().map(item -> mrl(item.name())).toList();
    }

    @Override
    public void addResource(MRL mrl) {
        pinned.add(mrl);
    }
}
