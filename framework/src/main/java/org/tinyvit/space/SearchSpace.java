package org.tinyvit.space;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Optional;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.ModelFamily;
import org.tinyvit.model.StudentSpec;

/**
 * A validated student space (made by {@link SpaceReader}): its knobs, its seed, and the record
 * behind it. A point of the space is an index per knob; {@link #decode} builds the record.
 *
 * <pre>{@code
 * SearchSpace<TinyVitSpace> space = SpaceReader.read(TinyVitSpace.class);
 * TinyVitSpace seed = space.seed();
 * int[] point = space.encode(seed);
 * StudentSpec spec = space.decode(point).toSpec();
 * }</pre>
 */
public final class SearchSpace<R extends Record & Student> {
    private final Class<R> type;
    private final String name;
    private final ModelFamily<?> family;
    private final List<Knob> knobs;
    private final int[] knobComponent;
    private final RecordComponent[] components;
    private final Constructor<R> constructor;
    private final List<Method> checks;
    private final R seed;

    SearchSpace(Class<R> type, String name, ModelFamily<?> family, List<Knob> knobs, List<Method> checks, R seed) {
        this.type = type;
        this.name = name;
        this.family = family;
        this.knobs = List.copyOf(knobs);
        this.components = type.getRecordComponents();
        this.knobComponent = new int[knobs.size()];
        for (int k = 0; k < knobs.size(); k++) {
            for (int c = 0; c < components.length; c++) {
                if (components[c].getName().equals(knobs.get(k).component())) {
                    knobComponent[k] = c;
                }
            }
        }
        this.checks = List.copyOf(checks);
        try {
            Class<?>[] types = java.util.Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            this.constructor = type.getDeclaredConstructor(types);
            this.constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new TinyVitException(type.getName() + ": no canonical constructor", e);
        }
        this.seed = seed;
    }

    public Class<R> type() {
        return type;
    }

    public String name() {
        return name;
    }

    public ModelFamily<?> family() {
        return family;
    }

    public List<Knob> knobs() {
        return knobs;
    }

    public R seed() {
        return seed;
    }

    /** The same space with the knobs of {@code components} held at the seed's values. */
    public SearchSpace<R> holding(java.util.Collection<String> components) {
        List<Knob> kept = knobs.stream().filter(k -> !components.contains(k.component())).toList();
        return new SearchSpace<>(type, name, family, kept, checks, seed);
    }

    /**
     * The knobs that cannot change what the model computes at input size {@code imgSize}: every
     * value of such a knob, the others at the seed's, gives the same {@linkplain
     * ModelFamily#canonicalOf canonical} spec (a window larger than its stage's map, say).
     */
    public List<Knob> inertAt(int imgSize, int inChans, int numClasses) {
        int[] seedPoint = encode(seed);
        List<Knob> inert = new java.util.ArrayList<>();
        for (int k = 0; k < knobs.size(); k++) {
            java.util.Set<String> computations = new java.util.HashSet<>();
            for (int v = 0; v < knobs.get(k).size(); v++) {
                int[] point = seedPoint.clone();
                point[k] = v;
                spec(point).ifPresent(s -> computations.add(family.canonicalOf(s.withInput(imgSize, inChans, numClasses)).key()));
            }
            if (computations.size() <= 1 && knobs.get(k).size() > 1) {
                inert.add(knobs.get(k));
            }
        }
        return inert;
    }

    /** The number of points, before checks and budgets. */
    public double size() {
        double n = 1;
        for (Knob k : knobs) {
            n *= k.size();
        }
        return n;
    }

    /** The record at a point: knob k takes {@code knobs().get(k).value(point[k])}, the rest the seed's values. */
    public R decode(int[] point) {
        if (point.length != knobs.size()) {
            throw new IllegalArgumentException("a point of " + name + " has " + knobs.size() + " indices, got " + point.length);
        }
        Object[] args = new Object[components.length];
        for (int c = 0; c < components.length; c++) {
            args[c] = read(components[c], seed);
        }
        for (int k = 0; k < knobs.size(); k++) {
            RecordComponent c = components[knobComponent[k]];
            args[knobComponent[k]] = box(c.getType(), knobs.get(k).value(point[k]));
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new TinyVitException(type.getSimpleName() + ": constructor refused " + java.util.Arrays.toString(args) + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new TinyVitException(type.getSimpleName() + ": cannot construct: " + e, e);
        }
    }

    /** The point of a record; refuses a record whose knob values are not allowed. */
    public int[] encode(R record) {
        int[] point = new int[knobs.size()];
        for (int k = 0; k < knobs.size(); k++) {
            Knob knob = knobs.get(k);
            double v = ((Number) read(components[knobComponent[k]], record)).doubleValue();
            point[k] = knob.indexOf(v);
            if (point[k] < 0) {
                throw new TinyVitException(type.getSimpleName() + "." + knob.component() + " = " + Knob.format(v)
                        + " is outside its @" + knob.kind() + " values " + knob.describeValues());
            }
        }
        return point;
    }

    /** The first {@link Check} method the record fails (its name), or empty when it passes every one. */
    public Optional<String> failedCheck(R record) {
        for (Method check : checks) {
            try {
                if (!(Boolean) check.invoke(record)) {
                    return Optional.of(check.getName());
                }
            } catch (InvocationTargetException e) {
                return Optional.of(check.getName() + " (threw " + e.getCause() + ")");
            } catch (IllegalAccessException e) {
                throw new TinyVitException(type.getSimpleName() + "." + check.getName() + "(): not accessible", e);
            }
        }
        return Optional.empty();
    }

    /** The spec of a point, or empty when the record fails a check or its spec is invalid. */
    public Optional<StudentSpec> spec(int[] point) {
        try {
            R record = decode(point);
            return failedCheck(record).isPresent() ? Optional.empty() : Optional.of(record.toSpec());
        } catch (TinyVitException e) {
            return Optional.empty();
        }
    }

    static Object read(RecordComponent c, Object record) {
        try {
            Method accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new TinyVitException("cannot read record component " + c.getName(), e);
        }
    }

    static Object box(Class<?> t, double v) {
        if (t == int.class || t == Integer.class) {
            return (int) v;
        } else if (t == long.class || t == Long.class) {
            return (long) v;
        } else if (t == short.class || t == Short.class) {
            return (short) v;
        } else if (t == float.class || t == Float.class) {
            return (float) v;
        }
        return v;
    }

    @Override
    public String toString() {
        return name + " (" + type.getSimpleName() + ", " + family.name() + "): " + knobs;
    }
}
