package org.groupalliance.base;

/** Typed identifier of a member row; never mixed up with another entity's id. */
public record MemberId(long value) {
    public MemberId {
        if (value <= 0) {
            throw new IllegalArgumentException("MemberId must be positive, was " + value);
        }
    }

    public static MemberId of(long value) {
        return new MemberId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
