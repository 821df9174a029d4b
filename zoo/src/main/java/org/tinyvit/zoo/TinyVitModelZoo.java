package org.tinyvit.zoo;

import ai.djl.repository.zoo.BaseModelLoader;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelZoo;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tinyvit model zoo for DJL's Criteria API (group id {@value #GROUP_ID}): the five presets
 * and every trained model of the zoo folder ({@link ZooFolder#defaultLocation()}), which is read
 * again on each lookup so models installed while the program runs are found.
 *
 * <pre>{@code
 * Criteria<Image, Classifications> criteria = Criteria.builder()
 *         .setTypes(Image.class, Classifications.class)
 *         .optModelUrls("djl://org.tinyvit/my-model").build();
 * }</pre>
 */
public final class TinyVitModelZoo extends ModelZoo {
    public static final String GROUP_ID = "org.tinyvit";
    public static final String ENGINE = "PyTorch";
    private static final Logger LOG = LoggerFactory.getLogger(TinyVitModelZoo.class);

    @Override
    public String getGroupId() {
        return GROUP_ID;
    }

    @Override
    public Set<String> getSupportedEngines() {
        return Set.of(ENGINE);
    }

    /** One loader per model, presets first, then trained models by name. */
    @Override
    public List<ModelLoader> getModelLoaders() {
        Path zoo = ZooFolder.defaultLocation();
        Catalog.Listing listing = Catalog.list(zoo);
        listing.problems().forEach(problem -> LOG.warn("tinyvit zoo: skipped {}", problem));
        ZooRepository repository = new ZooRepository(zoo);
        return listing.models().stream()
                .map(item -> (ModelLoader) new BaseModelLoader(repository.mrl(item.name())))
                .toList();
    }

    @Override
    public ModelLoader getModelLoader(String name) {
        return getModelLoaders().stream().filter(l -> l.getArtifactId().equals(name)).findFirst().orElse(null);
    }
}
