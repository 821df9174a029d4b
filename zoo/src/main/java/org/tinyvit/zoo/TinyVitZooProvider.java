package org.tinyvit.zoo;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;

/** Registers {@link TinyVitModelZoo} with DJL (listed in META-INF/services). */
public final class TinyVitZooProvider implements ZooProvider {
    @Override
    public ModelZoo getModelZoo() {
        return new TinyVitModelZoo();
    }
}
