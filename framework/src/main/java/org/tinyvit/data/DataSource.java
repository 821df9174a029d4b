package org.tinyvit.data;

import java.nio.file.Path;
import org.tinyvit.TinyVitException;

/**
 * Where a command's images come from: Fashion-MNIST (default) or a user's image folder, split
 * into train / validation / test.
 *
 * <pre>{@code
 * DataSplits data = DataSource.fashionMnist(null).splits();
 * }</pre>
 */
public record DataSource(Path dir, Format format, int folderImageSize, boolean grey) {
    /** The supported layouts. */
    public enum Format { FASHION_MNIST, FOLDER }

    public static DataSource fashionMnist(Path dir) {
        return new DataSource(dir, Format.FASHION_MNIST, 28, true);
    }

    public static DataSource parse(Path dir, String format, int folderImageSize, boolean grey) {
        return switch (format) {
            case "fashion-mnist" -> fashionMnist(dir);
            case "folder" -> {
                if (dir == null) {
                    throw new TinyVitException("--format folder needs --data DIR (one subfolder per class)");
                }
                yield new DataSource(dir, Format.FOLDER, folderImageSize, grey);
            }
            default -> throw new TinyVitException("unknown --format '" + format + "' (known: fashion-mnist, folder)");
        };
    }

    /** Reads the images and makes the fixed split. */
    public DataSplits splits() {
        FashionMnist.TrainAndTest data = format == Format.FASHION_MNIST
                ? FashionMnist.load(dir)
                : ImageFolders.load(dir, folderImageSize, grey);
        return DataSplits.of(data.train(), data.test(), DataSplits.DEFAULT_VAL_FRACTION, DataSplits.DEFAULT_SPLIT_SEED);
    }
}
