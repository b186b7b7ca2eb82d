package org.groupalliance.base;

/** Typed identifier of a session row; never mixed up with another entity's id. */
public record SessionId(long value) {
    public SessionId {
        if (value <= 0) {
            throw new IllegalArgumentException("SessionId must be positive, was " + value);
        }
    }

    /** The id from an address: a value that cannot be an id is "not found", like an id the user may not see. */
    public static SessionId fromRoute(long value) {
        if (value <= 0) {
            throw new NotFoundException("Session");
        }
        return new SessionId(value);
    }

    public static SessionId of(long value) {
        return new SessionId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
