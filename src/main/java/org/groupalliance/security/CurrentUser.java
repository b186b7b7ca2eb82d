package org.groupalliance.security;

import java.util.Optional;

import org.groupalliance.base.UserId;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The user on whose behalf the current request or job runs. */
@Component
public class CurrentUser {

    public Optional<AppUserPrincipal> get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && auth.getPrincipal() instanceof AppUserPrincipal p) {
            return Optional.of(p);
        }
        return Optional.empty();
    }

    public AppUserPrincipal require() {
        return get().orElseThrow(() -> new AccessDeniedException("Not logged in"));
    }

    /** The id of a real (non-system) user; the system actor has none. */
    public UserId requireUserId() {
        return require().userId().orElseThrow(() -> new AccessDeniedException("This action needs a real user account"));
    }

    public boolean isAdmin() {
        return get().map(p -> p.role() == Role.ADMIN).orElse(false);
    }

    /** The name written to the audit log. */
    public String actorName() {
        return get().map(AppUserPrincipal::username).orElse("anonymous");
    }
}
