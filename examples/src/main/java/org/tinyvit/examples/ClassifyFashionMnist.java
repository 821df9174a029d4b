package org.tinyvit.examples;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.FashionMnist;
import org.tinyvit.data.ImageSet;

/**
 * Loads a trained model from the zoo through DJL's Criteria API and classifies Fashion-MNIST
 * test images with it, as any Java program would.
 *
 * <pre>
 * java -cp "examples/target/tinyvit.jar:examples/target/lib/*" org.tinyvit.examples.ClassifyFashionMnist MODEL [DATA_DIR] [COUNT]
 * </pre>
 */
public final class ClassifyFashionMnist {
    private static final int DEFAULT_COUNT = 1000;
    private static final int BATCH = 100;

    private ClassifyFashionMnist() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: ClassifyFashionMnist MODEL [DATA_DIR] [COUNT]   (MODEL: a trained model of the zoo folder)");
            System.exit(2);
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        try {
            Path data = args.length > 1 ? Path.of(args[1]) : null;
            int count = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_COUNT;
            double accuracy = accuracy(args[0], data, count);
            System.out.printf(Locale.ROOT, "%s: accuracy %.4f on the first %d Fashion-MNIST test images%n", args[0], accuracy, count);
        } catch (TinyVitException | NumberFormatException e) {
            System.err.println("ClassifyFashionMnist: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Top-1 accuracy of zoo model {@code model} on the first {@code count} test images. */
    public static double accuracy(String model, Path dataDir, int count) throws Exception {
        ImageSet test = FashionMnist.load(dataDir).test().head(count);
        Criteria<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelUrls("djl://org.tinyvit/" + model)
                .build();
        int correct = 0;
        try (ZooModel<Image, Classifications> zooModel = criteria.loadModel();
                Predictor<Image, Classifications> predictor = zooModel.newPredictor()) {
            for (int start = 0; start < test.size(); start += BATCH) {
                List<Image> batch = new ArrayList<>();
                for (int i = start; i < Math.min(start + BATCH, test.size()); i++) {
                    batch.add(image(test, i));
                }
                List<Classifications> predicted = predictor.batchPredict(batch);
                for (int i = 0; i < predicted.size(); i++) {
                    String truth = test.classes().get(test.labels()[start + i]);
                    if (predicted.get(i).best().getClassName().equals(truth)) {
                        correct++;
                    }
                }
            }
        }
        return (double) correct / test.size();
    }

    /** One grey image of the set as a DJL image (red = green = blue). */
    static Image image(ImageSet set, int index) {
        int[] argb = new int[set.height() * set.width()];
        for (int y = 0; y < set.height(); y++) {
            for (int x = 0; x < set.width(); x++) {
                int v = set.pixel(index, 0, y, x);
                argb[y * set.width() + x] = 0xff000000 | v << 16 | v << 8 | v;
            }
        }
        return ImageFactory.getInstance().fromPixels(argb, set.width(), set.height());
    }
}
