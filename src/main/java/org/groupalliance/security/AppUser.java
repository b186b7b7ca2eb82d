package org.groupalliance.security;

import java.time.LocalDateTime;
import java.util.Optional;

import org.groupalliance.base.SiteId;
import org.groupalliance.base.UserId;

/** A user account as an admin sees it (never the password hash). */
public record AppUser(UserId id, int version, String username, String fullName, Role role,
                      Optional<SiteId> siteId, boolean enabled, LocalDateTime createdAt) {
}
