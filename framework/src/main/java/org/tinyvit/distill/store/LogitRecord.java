package org.tinyvit.distill.store;

/**
 * One sample's entry in a teacher-logit store: the augmentation seed and the teacher's top-K
 * classes with their softmax probabilities, highest first. A mutable holder, so that a reader
 * can fill the same one for every sample.
 */
public final class LogitRecord {
    public int seed;
    public int[] classes;
    public float[] probs;

    public LogitRecord(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top-K must be at least 1, not " + k);
        }
        classes = new int[k];
        probs = new float[k];
    }

    @Override
    public String toString() {
        return "LogitRecord[seed=" + seed + ", classes=" + java.util.Arrays.toString(classes)
                + ", probs=" + java.util.Arrays.toString(probs) + "]";
    }
}
