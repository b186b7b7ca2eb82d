package org.groupalliance.security;

import java.time.LocalDateTime;

import org.groupalliance.base.UserId;

/**
 * A personal access token as its owner sees it in the list: never the token itself (only its first
 * characters, to tell tokens apart), with its expiry and state. Times are UTC.
 */
public record ApiToken(long id, UserId owner, String label, String prefix, String scope, LocalDateTime createdAt,
                       LocalDateTime expiresAt, LocalDateTime revokedAt, LocalDateTime lastUsedAt) {

    /** The only scope there is: read (exports). */
    public static final String READ = "READ";

    public boolean activeAt(LocalDateTime now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
