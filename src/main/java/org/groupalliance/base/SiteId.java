package org.groupalliance.base;

/** Typed identifier of a site row; never mixed up with another entity's id. */
public record SiteId(long value) {
    public SiteId {
        if (value <= 0) {
            throw new IllegalArgumentException("SiteId must be positive, was " + value);
        }
    }

    public static SiteId of(long value) {
        return new SiteId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
