package org.groupalliance.base;

/** Typed identifier of a group row; never mixed up with another entity's id. */
public record GroupId(long value) {
    public GroupId {
        if (value <= 0) {
            throw new IllegalArgumentException("GroupId must be positive, was " + value);
        }
    }

    /** The id from an address: a value that cannot be an id is "not found", like an id the user may not see. */
    public static GroupId fromRoute(long value) {
        if (value <= 0) {
            throw new NotFoundException("Group");
        }
        return new GroupId(value);
    }

    public static GroupId of(long value) {
        return new GroupId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
