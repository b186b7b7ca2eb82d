package org.groupalliance.base;

/** Typed identifier of a subgroup row; never mixed up with another entity's id. */
public record SubgroupId(long value) {
    public SubgroupId {
        if (value <= 0) {
            throw new IllegalArgumentException("SubgroupId must be positive, was " + value);
        }
    }

    public static SubgroupId of(long value) {
        return new SubgroupId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
