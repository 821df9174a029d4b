package org.tinyvit.distill;

import org.tinyvit.distill.store.LogitRecord;

/** The K largest probabilities of a row, sorted descending, ties by lower class index. */
final class TopK {
    private TopK() {}

    static void select(float[] probs, int offset, int classes, LogitRecord into) {
        int k = into.classes.length;
        int filled = 0;
        for (int c = 0; c < classes; c++) {
            float p = probs[offset + c];
            if (filled == k && !(p > into.probs[k - 1])) {
                continue;
            }
            int pos = filled < k ? filled++ : k - 1;
            while (pos > 0 && p > into.probs[pos - 1]) {
                into.probs[pos] = into.probs[pos - 1];
                into.classes[pos] = into.classes[pos - 1];
                pos--;
            }
            into.probs[pos] = p;
            into.classes[pos] = c;
        }
    }
}
