package org.tinyvit.zoo;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinyvit.TinyVitException;

/**
 * Classifies image files with a zoo model, loaded through the same {@code Criteria} call a Java
 * program makes; every failure becomes one message naming the model or the file.
 *
 * <pre>{@code
 * List<ZooClassifier.Prediction> p = ZooClassifier.classify("tinyvit-fashion-mnist-5m", List.of(Path.of("shoe.png")),
 *         Optional.empty(), Optional.empty(), 5);
 * }</pre>
 */
public final class ZooClassifier {
    private ZooClassifier() {}

    /** The best classes of one image, most probable first. */
    public record Prediction(Path image, List<Classifications.Classification> top) {}

    /**
     * @param weights a preset's weights (timm's safetensors, a reference state dict, or a checkpoint folder)
     * @param synset a preset's class names, one a line
     * @param top how many classes per image
     */
    public static List<Prediction> classify(String name, List<Path> images, Optional<Path> weights, Optional<Path> synset, int top) {
        List<Image> loaded = images.stream().map(ZooClassifier::read).toList();
        Criteria.Builder<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optGroupId(TinyVitModelZoo.GROUP_ID)
                .optArtifactId(name);
        weights.ifPresent(w -> criteria.optArgument("weights", w.toString()));
        synset.ifPresent(s -> criteria.optArgument("synset", s.toString()));
        List<Prediction> predictions = new ArrayList<>();
        try (ZooModel<Image, Classifications> model = criteria.build().loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (int i = 0; i < loaded.size(); i++) {
                predictions.add(new Prediction(images.get(i), predictor.predict(loaded.get(i)).topK(top)));
            }
        } catch (ModelNotFoundException | MalformedModelException | IOException e) {
            throw new TinyVitException("cannot load zoo model '" + name + "': " + e.getMessage(), e);
        } catch (TranslateException e) {
            throw new TinyVitException("zoo model '" + name + "' failed on an image: " + e.getMessage(), e);
        }
        return predictions;
    }

    private static Image read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw TinyVitException.inFile(file, "no such image file");
        }
        try {
            return ImageFactory.getInstance().fromFile(file);
        } catch (IOException | RuntimeException e) {
            throw TinyVitException.inFile(file, "cannot read as an image (" + e.getMessage() + ")");
        }
    }
}
