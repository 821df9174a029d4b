package org.tinyvit.zoo;

import ai.djl.repository.RemoteRepository;
import ai.djl.repository.Repository;
import ai.djl.repository.RepositoryFactory;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelZoo;
import java.net.URI;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code djl://GROUP/ARTIFACT[/VERSION[/NAME]]} URLs. DJL's own handler sends every
 * such URL to its online repository (mlrepo.djl.ai), where this zoo's models are not; this one
 * serves group {@value TinyVitModelZoo#GROUP_ID} from the local zoo and hands every other group
 * to the online repository exactly as DJL 0.35.1 does. DJL lets a factory found by
 * ServiceLoader replace its built-in one for the scheme.
 */
public final class DjlUrlRepositoryFactory implements RepositoryFactory {
    private static final String MLREPO = "https://mlrepo.djl.ai/";
    private static final Pattern VERSIONED = Pattern.compile("(.+)/([\\d.]+)(/(.*))?");

    @Override
    public Repository newInstance(String name, URI uri) {
        String groupId = uri.getHost();
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (groupId == null || path.isEmpty()) {
            throw new IllegalArgumentException("Invalid djl URL: " + uri);
        }
        String artifactId = path;
        String version = null;
        String artifactName = null;
        Matcher m = VERSIONED.matcher(path);
        if (m.matches()) {
            artifactId = m.group(1);
            version = m.group(2);
            artifactName = m.group(4);
        }
        if (!TinyVitModelZoo.GROUP_ID.equals(groupId)) {
            return online(name, uri, groupId, artifactId, version, artifactName);
        }
        ZooRepository repository = new ZooRepository(name, uri, ZooFolder.defaultLocation());
        Catalog.find(ZooFolder.defaultLocation(), artifactId, false);
        repository.addResource(repository.model(ai.djl.Application.CV.IMAGE_CLASSIFICATION, groupId, artifactId, version, artifactName));
        return repository;
    }

    /** DJL 0.35.1's built-in handling of a djl:// URL. */
    private static Repository online(String name, URI uri, String groupId, String artifactId, String version, String artifactName) {
        String query = uri.getQuery();
        RemoteRepository repository = new RemoteRepository(name, URI.create(query == null ? MLREPO : MLREPO + "?" + query));
        ModelZoo zoo = ModelZoo.getModelZoo(groupId);
        if (zoo == null) {
            throw new IllegalArgumentException("ModelZoo not found in classpath: " + groupId);
        }
        ModelLoader loader = zoo.getModelLoader(artifactId);
        if (loader == null) {
            throw new IllegalArgumentException("Invalid djl URL: " + uri);
        }
        repository.addResource(repository.model(loader.getApplication(), groupId, artifactId, version, artifactName));
        return repository;
    }

    @Override
    public Set<String> getSupportedScheme() {
        return Set.of("djl");
    }
}
