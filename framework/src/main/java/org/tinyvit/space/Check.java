package org.tinyvit.space;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An extra validity rule: a public instance method of the space record taking no arguments
 * and returning {@code boolean}; a candidate is valid only when every check returns true.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Check {}
