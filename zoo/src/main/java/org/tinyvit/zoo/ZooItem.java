package org.tinyvit.zoo;

import ai.djl.modality.cv.Image;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One model the zoo offers. A {@link Kind#PRESET preset} is a published architecture whose
 * weights the user supplies; a {@link Kind#TRAINED trained} model lives in the zoo folder with its
 * weights (for example a member of a searched family).
 *
 * <pre>{@code
 * ZooItem item = Catalog.find(ZooFolder.defaultLocation(), "tinyvit-5m");
 * }</pre>
 */
public record ZooItem(ZooEntry entry, Kind kind, Path folder, WeightsFile weights) {
    /** Where a model's weights come from. */
    public enum Kind {
        /** A published architecture; its weights come from a file the user names. */
        PRESET,
        /** Installed in the zoo folder together with its trained weights. */
        TRAINED;

        /** The lower-case word used in JSON, listings and DJL filters. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ZooItem {
        if ((kind == Kind.TRAINED) != (weights != null && folder != null)) {
            throw new IllegalArgumentException("a trained model has a folder and a weights file, a preset has neither");
        }
    }

    public String name() {
        return entry.name();
    }

    /** The weights file of a trained model; null for a preset. */
    public Path weightsPath() {
        return kind == Kind.TRAINED ? folder.resolve(weights.file()) : null;
    }

    /**
     * Resampling for the resize step: presets follow timm's evaluation (bicubic); trained models
     * follow this project's training, which resamples bilinearly.
     */
    public Image.Interpolation interpolation() {
        return kind == Kind.PRESET ? Image.Interpolation.BICUBIC : Image.Interpolation.BILINEAR;
    }
}
