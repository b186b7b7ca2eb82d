package org.groupalliance.security;

import org.groupalliance.base.UserId;

/** A new account and its generated one-time password, shown once to the admin and never stored in clear. */
public record CreatedUser(UserId id, String username, String initialPassword) {
    @Override
    public String toString() {
        return "CreatedUser[" + id + ", " + username + "]";
    }
}
