package org.tinyvit.space;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One searchable component of a space: its allowed values in ascending order, so a lower index
 * is a smaller (cheaper) model.
 *
 * @param component the record component's name
 * @param kind the annotation's simple name (Width, Depth, Window, Choice)
 * @param stage the stage it addresses, or -1
 */
public record Knob(String component, String kind, int stage, double[] values, boolean integral) {
    public Knob {
        values = values.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public int size() {
        return values.length;
    }

    public double value(int index) {
        return values[index];
    }

    /** The index of {@code value}, or -1 when it is not allowed. */
    public int indexOf(double value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** The allowed values, short: {@code 64..256 step 32} or {@code [7, 14]}. */
    public String describeValues() {
        if (values.length > 3 && integral) {
            double step = values[1] - values[0];
            boolean even = true;
            for (int i = 1; i < values.length; i++) {
                even &= values[i] - values[i - 1] == step;
            }
            if (even) {
                return format(values[0]) + ".." + format(values[values.length - 1]) + " step " + format(step);
            }
        }
        return Arrays.stream(values).mapToObj(Knob::format).collect(Collectors.joining(", ", "[", "]"));
    }

    static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    @Override
    public String toString() {
        return component + " @" + kind + (stage >= 0 ? "(stage " + stage + ")" : "") + " " + describeValues();
    }
}
