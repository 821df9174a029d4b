package org.tinyvit.zoo;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;
import org.tinyvit.model.StudentSpec;

/**
 * The translators of zoo models: {@code Image -> Classifications} with the preprocessing
 * recorded in the artifact ({@link ZooImageTranslator}), and the raw form
 * {@code NDList -> NDList}: a float32 NCHW batch already preprocessed in, logits [N, classes] out.
 */
public final class ZooTranslatorFactory implements TranslatorFactory {
    private static final Set<Pair<Type, Type>> SUPPORTED = Set.of(
            new Pair<>(Image.class, Classifications.class),
            new Pair<>(NDList.class, NDList.class));

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return SUPPORTED;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model, Map<String, ?> arguments) {
        if (input == NDList.class && output == NDList.class) {
            return (Translator<I, O>) new NoopTranslator();
        }
        if (input == Image.class && output == Classifications.class) {
            StudentSpec spec = ZooArguments.spec(arguments, model.getName());
            return (Translator<I, O>) new ZooImageTranslator(
                    ZooArguments.preprocessing(arguments, spec.inChans(), model.getName()),
                    ZooArguments.interpolation(arguments),
                    ZooArguments.classes(arguments, spec.numClasses()));
        }
        throw new IllegalArgumentException("zoo models translate Image -> Classifications or NDList -> NDList, not "
                + input.getSimpleName() + " -> " + output.getSimpleName());
    }
}
