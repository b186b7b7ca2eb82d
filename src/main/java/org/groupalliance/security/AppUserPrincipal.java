package org.groupalliance.security;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.groupalliance.base.SiteId;
import org.groupalliance.base.UserId;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The logged-in user as Spring Security holds it. {@code userId} is empty only for the internal
 * system actor that seeds first-run data. {@code securityStamp} is the account's stamp when it signed
 * in; a request whose stamp no longer matches the database is signed out (see {@link AccountRecheck}).
 */
public record AppUserPrincipal(Optional<UserId> userId, String username, String passwordHash, Role role,
                               Optional<SiteId> siteId, boolean enabled, boolean locked, int securityStamp) implements UserDetails {

    public static final String SYSTEM = "system";

    public static AppUserPrincipal system() {
        return new AppUserPrincipal(Optional.empty(), SYSTEM, "", Role.ADMIN, Optional.empty(), true, false, 0);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(role.authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isAccountNonLocked() {
        return !locked;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    /** The same account with a new stamp, for the session of a user who just changed their own password. */
    public AppUserPrincipal withSecurityStamp(int stamp) {
        return new AppUserPrincipal(userId, username, passwordHash, role, siteId, enabled, locked, stamp);
    }

    @Override
    public String toString() {
        // never print the hash
        return "AppUserPrincipal[" + username + ", " + role + "]";
    }
}
