package org.groupalliance.base;

/** Typed identifier of a group row; never mixed up with another entity's id. */
public record GroupId(long value) {
    public GroupId {
        if (value <= 0) {
            throw new IllegalArgumentException("GroupId must be positive, was " + value);
        }
    }

    public static GroupId of(long value) {
        return new GroupId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
