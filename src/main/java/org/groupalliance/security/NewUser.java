package org.groupalliance.security;

import java.util.Optional;

import org.groupalliance.base.SiteId;

/** What an admin enters to create an account; the password is generated. */
public record NewUser(String username, String fullName, Role role, Optional<SiteId> siteId) {
}
