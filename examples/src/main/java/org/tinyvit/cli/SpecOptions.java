package org.tinyvit.cli;

import java.nio.file.Path;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.TrainingRun;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.model.tinyvit.Presets;
import org.tinyvit.model.tinyvit.SpecJson;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import picocli.CommandLine.Option;

/** How a command names an architecture: a preset or a spec file, with overrides. */
final class SpecOptions {
    @Option(names = "--preset", description = "A preset: ${COMPLETION-CANDIDATES}.", completionCandidates = PresetNames.class) String preset;

    @Option(names = "--spec", description = "A spec JSON file.") Path specFile;

    @Option(names = "--img-size", description = "Input resolution (overrides the spec).") Integer imgSize;

    @Option(names = "--classes", description = "Number of classes (overrides the spec).") Integer classes;

    @Option(names = "--in-chans", description = "Input channels, 1 for grey images (overrides the spec).") Integer inChans;

    TinyVitSpec resolve() {
        if ((preset == null) == (specFile == null)) {
            throw new TinyVitException("give exactly one of --preset NAME or --spec FILE.json");
        }
        return overridden(preset != null ? Presets.get(preset) : SpecJson.read(specFile));
    }

    /** The named architecture, or {@code fallback} preset when none is named (no overrides). */
    TinyVitSpec resolveOr(String fallback) {
        if (preset != null && specFile != null) {
            throw new TinyVitException("give only one of --preset NAME or --spec FILE.json");
        }
        return specFile != null ? SpecJson.read(specFile) : Presets.get(preset != null ? preset : fallback);
    }

    private TinyVitSpec overridden(TinyVitSpec spec) {
        if (imgSize != null) {
            spec = spec.withImgSize(imgSize);
        }
        if (classes != null) {
            spec = spec.withNumClasses(classes);
        }
        if (inChans != null) {
            spec = spec.withInChans(inChans);
        }
        return spec;
    }

    /** The spec for the data's channels and classes, at --img-size, else {@code defaultImgSize} (0: the data's size). */
    StudentSpec fitted(TinyVitSpec spec, DataSplits data, int defaultImgSize) {
        return TrainingRun.fitToData(spec, data, imgSize != null ? imgSize : defaultImgSize);
    }

    String label() {
        return preset != null ? preset : specFile.getFileName().toString();
    }

    /** Lets picocli list the presets in --help. */
    static final class PresetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Presets.names().iterator();
        }
    }
}
