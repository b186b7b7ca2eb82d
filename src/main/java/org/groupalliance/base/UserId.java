package org.groupalliance.base;

/** Typed identifier of a user row; never mixed up with another entity's id. */
public record UserId(long value) {
    public UserId {
        if (value <= 0) {
            throw new IllegalArgumentException("UserId must be positive, was " + value);
        }
    }

    public static UserId of(long value) {
        return new UserId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
