package org.tinyvit.space;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as a space of student models. The record implements {@link Student}; each
 * annotated component ({@link Width}, {@link Depth}, {@link Window}, {@link Choice}) is a knob
 * of the search, every other component is fixed at the seed's value.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StudentSpace {
    /** The space's name, used in reports and file names. */
    String name();

    /** A public static no-argument method of the record returning the seed (the model to contract). */
    String seed() default "seed";

    /** The {@link org.tinyvit.model.ModelFamily} whose stages the annotations address. */
    String family() default "tinyvit";
}
