package org.tinyvit.search;

import java.util.Arrays;

/** Ranks of scores, as rank statistics and rank-combining fitnesses use them. */
public final class Ranks {
    private Ranks() {}

    /** Ranks from 1 (the smallest value), ties sharing their average rank. */
    public static double[] of(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[values.length];
        for (int start = 0; start < order.length;) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double average = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = average;
            }
            start = end + 1;
        }
        return ranks;
    }
}
