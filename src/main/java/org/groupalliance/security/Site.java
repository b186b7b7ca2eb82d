package org.groupalliance.security;

import org.groupalliance.base.SiteId;

/** A clinic or research site; groups and members belong to one. */
public record Site(SiteId id, int version, String name) {
}
