package org.groupalliance.rupture;

/** Typed identifier of a rupture record. */
public record RuptureId(long value) {
    public RuptureId {
        if (value <= 0) {
            throw new IllegalArgumentException("RuptureId must be positive, was " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
