package org.tinyvit.model;

/** Trainable parameters and multiply-accumulates of one forward pass of one image. */
public record Cost(long params, long macs) {
    public Cost plus(Cost other) {
        return new Cost(params + other.params, macs + other.macs);
    }
}
