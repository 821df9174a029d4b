package org.tinyvit.data;

import ai.djl.basicdataset.cv.classification.ImageFolder;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Record;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tinyvit.TinyVitException;

/**
 * A user's images in the ImageNet layout (one subfolder per class), read through DJL's
 * {@link ImageFolder} and resized to a square of {@code size} pixels. {@code DIR/train} and
 * {@code DIR/val} (or {@code DIR/test}) are used when present; a folder with class subfolders
 * only has a tenth of it held out as its test set.
 */
public final class ImageFolders {
    private ImageFolders() {}

    public static FashionMnist.TrainAndTest load(Path dir, int size, boolean grey) {
        if (!Files.isDirectory(dir)) {
            throw new TinyVitException(dir + ": not a folder of images");
        }
        Path train = dir.resolve("train");
        if (Files.isDirectory(train)) {
            Path test = Files.isDirectory(dir.resolve("val")) ? dir.resolve("val") : dir.resolve("test");
            if (!Files.isDirectory(test)) {
                throw new TinyVitException(dir + ": has train/ but no val/ or test/ folder");
            }
            ImageSet trainSet = read(train, dir.getFileName() + "", size, grey, null);
            return new FashionMnist.TrainAndTest(trainSet, read(test, dir.getFileName() + "/test", size, grey, trainSet.classes()));
        }
        ImageSet all = read(dir, dir.getFileName() + "", size, grey, null);
        int[] order = DataSplits.permutation(all.size(), DataSplits.DEFAULT_SPLIT_SEED ^ 0x7e57L);
        int testCount = Math.max(1, all.size() / 10);
        int[] test = java.util.Arrays.copyOfRange(order, 0, testCount);
        int[] rest = java.util.Arrays.copyOfRange(order, testCount, order.length);
        java.util.Arrays.sort(test);
        java.util.Arrays.sort(rest);
        return new FashionMnist.TrainAndTest(all.subset(all.name(), rest), all.subset(all.name() + "/test", test));
    }

    private static ImageSet read(Path root, String name, int size, boolean grey, List<String> expectedClasses) {
        try (NDManager manager = NDManager.newBaseManager()) {
            ImageFolder folder = ImageFolder.builder()
                    .setRepositoryPath(root)
                    .optImageSize(size)
                    .optFlag(grey ? Image.Flag.GRAYSCALE : Image.Flag.COLOR)
                    .setSampling(1, false)
                    .build();
            folder.prepare();
            List<String> classes = folder.getSynset();
            if (expectedClasses != null && !classes.equals(expectedClasses)) {
                throw new TinyVitException(root + ": classes " + classes + " differ from the training folder's " + expectedClasses);
            }
            int n = (int) folder.size();
            if (n == 0) {
                throw new TinyVitException(root + ": no images found (expected one subfolder per class)");
            }
            int channels = grey ? 1 : 3;
            byte[] pixels = new byte[n * channels * size * size];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    Record record = folder.get(scope, i);
                    NDArray hwc = record.getData().head().toType(DataType.UINT8, false);
                    NDArray chw = hwc.transpose(2, 0, 1);
                    System.arraycopy(chw.toByteArray(), 0, pixels, i * channels * size * size, channels * size * size);
                    labels[i] = (int) record.getLabels().head().toType(DataType.FLOAT32, false).getFloat();
                }
            }
            return new ImageSet(name, channels, size, size, pixels, labels, classes);
        } catch (TinyVitException e) {
            throw e;
        } catch (Exception e) {
            throw new TinyVitException(root + ": cannot read the image folder (" + e.getMessage() + ")", e);
        }
    }
}
