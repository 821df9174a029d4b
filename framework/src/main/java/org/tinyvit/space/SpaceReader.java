package org.tinyvit.space;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.ModelFamily;
import org.tinyvit.model.Families;

/**
 * Turns an annotated record into a {@link SearchSpace}, or explains exactly what is wrong with
 * the declaration: every message names the type, the component or method, the annotation and
 * the problem, e.g. {@code TinyVitSpace.width1: @Width: min 256 is above max 128}.
 *
 * <pre>{@code
 * SearchSpace<TinyVitSpace> space = SpaceReader.read(TinyVitSpace.class);
 * }</pre>
 */
public final class SpaceReader {
    private static final Set<Class<?>> INTEGRAL = Set.of(int.class, long.class, short.class, Integer.class, Long.class, Short.class);
    private static final Set<Class<?>> REAL = Set.of(double.class, float.class, Double.class, Float.class);
    private static final List<Class<? extends Annotation>> KNOBS = List.of(Width.class, Depth.class, Window.class, Choice.class);

    private SpaceReader() {}

    /** Loads a space class by name (for {@code --space CLASS}). */
    public static SearchSpace<?> read(String className) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new TinyVitException("space class " + className + " not found on the class path");
        }
        return readAny(type);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static SearchSpace<?> readAny(Class<?> type) {
        if (!type.isRecord()) {
            throw error(type, null, "a student space must be a record, " + type.getName() + " is not");
        }
        if (!Student.class.isAssignableFrom(type)) {
            throw error(type, null, "a student space must implement " + Student.class.getName());
        }
        return read((Class) type);
    }

    public static <R extends Record & Student> SearchSpace<R> read(Class<R> type) {
        StudentSpace declaration = type.getAnnotation(StudentSpace.class);
        if (declaration == null) {
            throw error(type, null, "missing @StudentSpace(name = ..., seed = ...) on the type");
        }
        if (declaration.name().isBlank()) {
            throw error(type, null, "@StudentSpace: name is empty");
        }
        ModelFamily<?> family;
        try {
            family = Families.named(declaration.family());
        } catch (TinyVitException e) {
            throw error(type, null, "@StudentSpace: " + e.getMessage());
        }
        List<Knob> knobs = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            Knob knob = knob(type, c, family);
            if (knob != null) {
                knobs.add(knob);
            }
        }
        if (knobs.isEmpty()) {
            throw error(type, null, "no searchable component: annotate at least one with @Width, @Depth, @Window or @Choice");
        }
        List<Method> checks = checks(type);
        R seed = seed(type, declaration.seed());
        SearchSpace<R> space = new SearchSpace<>(type, declaration.name(), family, knobs, checks, seed);
        String where = declaration.seed() + "()";
        for (Knob k : knobs) {
            double v = ((Number) componentValue(type, k.component(), seed)).doubleValue();
            if (k.indexOf(v) < 0) {
                throw error(type, where, "the seed's " + k.component() + " = " + Knob.format(v) + " is outside its own space (@"
                        + k.kind() + " allows " + k.describeValues() + ")");
            }
        }
        Optional<String> failed = space.failedCheck(seed);
        if (failed.isPresent()) {
            throw error(type, where, "the seed fails @Check " + failed.get() + "()");
        }
        try {
            seed.toSpec();
        } catch (TinyVitException e) {
            throw error(type, where, "the seed's spec is invalid: " + e.getMessage());
        }
        return space;
    }

    private static Knob knob(Class<?> type, RecordComponent c, ModelFamily<?> family) {
        List<Annotation> found = new ArrayList<>();
        for (Class<? extends Annotation> a : KNOBS) {
            if (c.getAnnotation(a) != null) {
                found.add(c.getAnnotation(a));
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        String where = c.getName();
        if (found.size() > 1) {
            throw error(type, where, "has " + found.size() + " knob annotations ("
                    + String.join(", ", found.stream().map(a -> "@" + a.annotationType().getSimpleName()).toList()) + "); use one");
        }
        Annotation a = found.get(0);
        String kind = a.annotationType().getSimpleName();
        String at = where + ": @" + kind;
        boolean integral = INTEGRAL.contains(c.getType());
        if (!integral && !REAL.contains(c.getType())) {
            throw error(type, at, "needs a numeric component, but " + c.getName() + " is a " + c.getType().getSimpleName());
        }
        if (!integral && !(a instanceof Choice)) {
            throw error(type, at, "needs an integer component, but " + c.getName() + " is a " + c.getType().getSimpleName());
        }
        double[] values;
        int stage = -1;
        switch (a) {
            case Width w -> {
                stage = stage(type, at, w.stage(), family);
                values = rangeOrValues(type, at, w.min(), w.max(), w.step(), w.values());
                positive(type, at, values);
            }
            case Depth d -> {
                stage = stage(type, at, d.stage(), family);
                values = range(type, at, d.min(), d.max(), 1);
                if (values[0] < 0) {
                    throw error(type, at, "min " + d.min() + " is negative");
                }
            }
            case Window w -> {
                stage = stage(type, at, w.stage(), family);
                values = explicit(type, at, Arrays.stream(w.values()).asDoubleStream().toArray());
                positive(type, at, values);
            }
            case Choice ch -> {
                values = explicit(type, at, ch.value());
                if (integral) {
                    for (double v : values) {
                        if (v != Math.rint(v)) {
                            throw error(type, at, "value " + v + " is not an integer, but " + c.getName() + " is a " + c.getType().getSimpleName());
                        }
                    }
                }
            }
            default -> throw new IllegalStateException(kind);
        }
        return new Knob(c.getName(), kind, stage, values, integral);
    }

    private static int stage(Class<?> type, String at, int stage, ModelFamily<?> family) {
        if (stage < 0 || stage >= family.stages()) {
            throw error(type, at, "stage " + stage + " is out of range: the " + family.name() + " family has stages 0.." + (family.stages() - 1));
        }
        return stage;
    }

    private static double[] rangeOrValues(Class<?> type, String at, int min, int max, int step, int[] values) {
        boolean ranged = min != Integer.MIN_VALUE || max != Integer.MIN_VALUE;
        if (ranged && values.length > 0) {
            throw error(type, at, "give either min/max/step or values, not both");
        }
        if (!ranged) {
            if (values.length == 0) {
                throw error(type, at, "give min and max (and step), or values");
            }
            return explicit(type, at, Arrays.stream(values).asDoubleStream().toArray());
        }
        if (min == Integer.MIN_VALUE || max == Integer.MIN_VALUE) {
            throw error(type, at, "give both min and max");
        }
        return range(type, at, min, max, step);
    }

    private static double[] range(Class<?> type, String at, int min, int max, int step) {
        if (min > max) {
            throw error(type, at, "min " + min + " is above max " + max);
        }
        if (step <= 0) {
            throw error(type, at, "step must be positive, got " + step);
        }
        if ((max - min) % step != 0) {
            throw error(type, at, "step " + step + " does not divide the range " + min + ".." + max + " (" + (max - min) + " apart)");
        }
        double[] values = new double[(max - min) / step + 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = min + (double) i * step;
        }
        return values;
    }

    private static double[] explicit(Class<?> type, String at, double[] values) {
        if (values.length == 0) {
            throw error(type, at, "values are empty");
        }
        TreeSet<Double> sorted = new TreeSet<>();
        for (double v : values) {
            if (!sorted.add(v)) {
                throw error(type, at, "value " + Knob.format(v) + " is listed twice");
            }
        }
        return sorted.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void positive(Class<?> type, String at, double[] values) {
        if (values[0] <= 0) {
            throw error(type, at, "values must be positive, got " + Knob.format(values[0]));
        }
    }

    private static List<Method> checks(Class<?> type) {
        List<Method> checks = new ArrayList<>();
        for (Method m : type.getDeclaredMethods()) {
            if (m.getAnnotation(Check.class) == null) {
                continue;
            }
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getReturnType() != boolean.class) {
                throw error(type, m.getName() + "(): @Check", "must be an instance method with no parameters returning boolean, it is "
                        + (Modifier.isStatic(m.getModifiers()) ? "static " : "") + m.getReturnType().getSimpleName() + " "
                        + m.getName() + "(" + String.join(", ", Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toList()) + ")");
            }
            m.setAccessible(true);
            checks.add(m);
        }
        checks.sort(java.util.Comparator.comparing(Method::getName));
        return checks;
    }

    private static <R> R seed(Class<R> type, String name) {
        Method m;
        try {
            m = type.getDeclaredMethod(name);
        } catch (NoSuchMethodException e) {
            throw error(type, null, "@StudentSpace(seed = \"" + name + "\"): no method " + name + "() in the type");
        }
        if (!Modifier.isStatic(m.getModifiers()) || m.getReturnType() != type) {
            throw error(type, name + "()", "the seed method must be static and return " + type.getSimpleName());
        }
        try {
            m.setAccessible(true);
            return type.cast(m.invoke(null));
        } catch (InvocationTargetException e) {
            throw error(type, name + "()", "the seed method threw " + e.getCause());
        } catch (IllegalAccessException e) {
            throw error(type, name + "()", "cannot call the seed method: " + e.getMessage());
        }
    }

    private static Object componentValue(Class<?> type, String component, Object record) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(component)) {
                return SearchSpace.read(c, record);
            }
        }
        throw new IllegalStateException(component);
    }

    private static TinyVitException error(Class<?> type, String where, String problem) {
        return new TinyVitException(type.getSimpleName() + (where == null ? "" : "." + where) + ": " + problem);
    }
}
