package org.tinyvit.space;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The width of a stage: {@code min..max} in steps of {@code step}, or explicit {@code values}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Width {
    int stage();

    int min() default Integer.MIN_VALUE;

    int max() default Integer.MIN_VALUE;

    int step() default 1;

    int[] values() default {};
}
