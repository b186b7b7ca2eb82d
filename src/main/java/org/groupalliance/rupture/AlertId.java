package org.groupalliance.rupture;

/** Typed identifier of a rupture alert. */
public record AlertId(long value) {
    public AlertId {
        if (value <= 0) {
            throw new IllegalArgumentException("AlertId must be positive, was " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
