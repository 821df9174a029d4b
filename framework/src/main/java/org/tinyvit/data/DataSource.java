package org.tinyvit.data;

import java.nio.file.Path;
import java.util.Locale;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.Json;
import org.tinyvit.io.StrictFields;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a run's images come from: Fashion-MNIST (default) or a user's image folder, split into
 * train / validation / test, optionally limited to the first {@code trainSamples} training images.
 * A value, so that a worker process can be told the same data as its driver.
 *
 * <pre>{@code
 * DataSplits data = DataSource.fashionMnist(null).withTrainSamples(10_000).splits();
 * }</pre>
 *
 * @param dir the data folder; null for Fashion-MNIST's default locations
 * @param folderImageSize the size a folder's images are stored at before augmentation
 * @param trainSamples how many training images to use; 0 for all of the train split
 */
public record DataSource(Path dir, Format format, int folderImageSize, boolean grey, int trainSamples) {
    /** The supported layouts. */
    public enum Format {
        FASHION_MNIST, FOLDER;

        /** The name on the command line and in files: {@code fashion-mnist} or {@code folder}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public DataSource {
        if (format == null) {
            throw new TinyVitException("a data source needs a format");
        }
        if (format == Format.FOLDER && dir == null) {
            throw new TinyVitException("an image-folder data source needs its folder (one subfolder per class)");
        }
        if (trainSamples < 0) {
            throw new TinyVitException("the number of training images must not be negative, got " + trainSamples);
        }
    }

    public static DataSource fashionMnist(Path dir) {
        return new DataSource(dir, Format.FASHION_MNIST, 28, true, 0);
    }

    /** A source from its format's name ({@code fashion-mnist} or {@code folder}). */
    public static DataSource of(Path dir, String format, int folderImageSize, boolean grey) {
        for (Format f : Format.values()) {
            if (f.label().equals(format)) {
                return new DataSource(dir, f, folderImageSize, grey, 0);
            }
        }
        throw new TinyVitException("unknown data format '" + format + "' (known: fashion-mnist, folder)");
    }

    /** The same source limited to the first {@code n} training images (0: all). */
    public DataSource withTrainSamples(int n) {
        return new DataSource(dir, format, folderImageSize, grey, n);
    }

    /** The source as a worker process is told it: {@code dir} (absolute, or null), {@code format}, {@code folderSize}, {@code grey}, {@code trainSamples}. */
    public ObjectNode toJson() {
        return Json.object("dir", dir == null ? null : dir.toAbsolutePath().toString(), "format", format.label(), "folderSize", folderImageSize,
                "grey", grey, "trainSamples", trainSamples);
    }

    /** The source {@link #toJson()} wrote, read strictly (every field present and typed, no other field). */
    public static DataSource fromJson(StrictFields d) {
        DataSource source = of(d.optionalString("dir").map(Path::of).orElse(null), d.string("format"), d.integer("folderSize"), d.bool("grey"))
                .withTrainSamples(d.integer("trainSamples"));
        d.end();
        return source;
    }

    /** Reads the images and makes the fixed split. */
    public DataSplits splits() {
        FashionMnist.TrainAndTest data = format == Format.FASHION_MNIST
                ? FashionMnist.load(dir)
                : ImageFolders.load(dir, folderImageSize, grey);
        DataSplits splits = DataSplits.of(data.train(), data.test(), DataSplits.DEFAULT_VAL_FRACTION, DataSplits.DEFAULT_SPLIT_SEED);
        return trainSamples > 0 ? splits.withTrainSamples(trainSamples) : splits;
    }
}
