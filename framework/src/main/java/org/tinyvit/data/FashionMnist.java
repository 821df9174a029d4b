package org.tinyvit.data;

import ai.djl.basicdataset.cv.classification.FashionMnist.Builder;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tinyvit.TinyVitException;

/**
 * Fashion-MNIST (60,000 training and 10,000 test images, 28×28 grey, 10 classes) from its IDX
 * files. Where: the folder given, else {@code TINYVIT_DATA}, else Debian's
 * {@value #DEBIAN_DIR}, else DJL's own download when DJL is allowed online.
 */
public final class FashionMnist {
    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** Training and official test images. */
    public record TrainAndTest(ImageSet train, ImageSet test) {}

    private FashionMnist() {}

    /** Finds and reads the data set; {@code dir} may be null. */
    public static TrainAndTest load(Path dir) {
        if (dir != null) {
            return read(requireFiles(dir, "the data folder given"));
        }
        String env = System.getenv("TINYVIT_DATA");
        if (env != null && !env.isBlank()) {
            return read(requireFiles(Path.of(env), "TINYVIT_DATA"));
        }
        Path debian = Path.of(DEBIAN_DIR);
        if (hasFiles(debian)) {
            return read(debian);
        }
        if ("false".equals(System.getProperty("ai.djl.offline"))) {
            return downloadWithDjl();
        }
        throw new TinyVitException("Fashion-MNIST not found: install it with 'apt-get install dataset-fashion-mnist' (files in "
                + DEBIAN_DIR + "), or name a folder holding its IDX files (or set TINYVIT_DATA), or allow DJL's download with -Dai.djl.offline=false");
    }

    private static Path requireFiles(Path dir, String from) {
        if (!hasFiles(dir)) {
            throw new TinyVitException(dir + " (from " + from + "): no Fashion-MNIST IDX files (" + TRAIN_IMAGES + "[.gz] and friends)");
        }
        return dir;
    }

    private static boolean hasFiles(Path dir) {
        return find(dir, TRAIN_IMAGES) != null && find(dir, TRAIN_LABELS) != null
                && find(dir, TEST_IMAGES) != null && find(dir, TEST_LABELS) != null;
    }

    private static Path find(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    static TrainAndTest read(Path dir) {
        return new TrainAndTest(
                imageSet("fashion-mnist", Idx.readImages(find(dir, TRAIN_IMAGES)), Idx.readLabels(find(dir, TRAIN_LABELS)), dir),
                imageSet("fashion-mnist/test", Idx.readImages(find(dir, TEST_IMAGES)), Idx.readLabels(find(dir, TEST_LABELS)), dir));
    }

    private static ImageSet imageSet(String name, Idx.Images images, int[] labels, Path dir) {
        if (images.count() != labels.length) {
            throw new TinyVitException(dir + ": " + images.count() + " images but " + labels.length + " labels");
        }
        for (int label : labels) {
            if (label >= CLASSES.size()) {
                throw new TinyVitException(dir + ": label " + label + " out of range for Fashion-MNIST's 10 classes");
            }
        }
        return new ImageSet(name, 1, images.rows(), images.cols(), images.pixels(), labels, CLASSES);
    }

    private static TrainAndTest downloadWithDjl() {
        try (NDManager manager = NDManager.newBaseManager()) {
            return new TrainAndTest(djlSplit(manager, Dataset.Usage.TRAIN, "fashion-mnist"),
                    djlSplit(manager, Dataset.Usage.TEST, "fashion-mnist/test"));
        } catch (Exception e) {
            throw new TinyVitException("Fashion-MNIST not found locally and DJL's download failed (" + e.getMessage()
                    + "); install it with 'apt-get install dataset-fashion-mnist'", e);
        }
    }

    private static ImageSet djlSplit(NDManager manager, Dataset.Usage usage, String name) throws Exception {
        Builder builder = ai.djl.basicdataset.cv.classification.FashionMnist.builder().optUsage(usage).optManager(manager);
        var dataset = builder.setSampling(1, false).build();
        dataset.prepare();
        int n = (int) dataset.size();
        byte[] pixels = new byte[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            var record = dataset.get(manager, i);
            NDArray image = record.getData().head().toType(DataType.UINT8, false);
            System.arraycopy(image.toByteArray(), 0, pixels, i * 784, 784);
            labels[i] = (int) record.getLabels().head().toType(DataType.FLOAT32, false).getFloat();
        }
        return new ImageSet(name, 1, 28, 28, pixels, labels, CLASSES);
    }
}
