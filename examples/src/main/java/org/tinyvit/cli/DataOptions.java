package org.tinyvit.cli;

import java.nio.file.Path;
import org.tinyvit.data.DataSource;
import org.tinyvit.data.DataSplits;
import picocli.CommandLine.Option;

/** Where the images come from. */
final class DataOptions {
    @Option(names = "--data", description = "Data folder (Fashion-MNIST IDX files, or images with --format folder). Default: TINYVIT_DATA, then Debian's dataset-fashion-mnist.") Path dir;

    @Option(names = "--format", description = "fashion-mnist or folder (one subfolder per class). Default: ${DEFAULT-VALUE}.") String format = "fashion-mnist";

    @Option(names = "--folder-size", description = "Size images of a folder are stored at before augmentation (default ${DEFAULT-VALUE}).") int folderSize = 64;

    @Option(names = "--grey", description = "Read a folder's images as grey (1 channel).") boolean grey;

    /** The source, limited to the first {@code trainSamples} training images when given. */
    DataSource source(Integer trainSamples) {
        if (format.equals(DataSource.Format.FOLDER.label()) && dir == null) {
            throw new org.tinyvit.TinyVitException("--format folder needs --data DIR (one subfolder per class)");
        }
        return DataSource.of(dir, format, folderSize, grey).withTrainSamples(trainSamples == null ? 0 : trainSamples);
    }

    DataSplits load(Integer trainSamples) {
        System.err.println("tinyvit: reading the data");
        DataSplits data = source(trainSamples).splits();
        System.err.printf("tinyvit: %d training, %d validation, %d test images, %d classes%n",
                data.train().size(), data.val().size(), data.test().size(), data.train().classes().size());
        return data;
    }
}
