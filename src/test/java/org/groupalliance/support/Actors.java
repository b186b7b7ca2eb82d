package org.groupalliance.support;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.groupalliance.base.SiteId;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.CreatedUser;
import org.groupalliance.security.NewUser;
import org.groupalliance.security.Role;
import org.groupalliance.security.SiteService;
import org.groupalliance.security.SystemActor;
import org.groupalliance.security.UserService;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;

/** Real accounts made through the real services, and a way to act as one of them. */
public final class Actors {

    /** A created account with its one-time password and its loaded principal. */
    public record Account(CreatedUser created, AppUserPrincipal principal) {
        public String username() {
            return created.username();
        }

        public String password() {
            return created.initialPassword();
        }
    }

    private final UserService users;
    private final SiteService sites;
    private final UserDetailsService details;

    /**
     * Also installs this application context's SecurityContextHolderStrategy globally: every Spring
     * test context installs its own when it starts, and a cached context's method security reads
     * only the one it was built with.
     */
    public Actors(org.springframework.context.ApplicationContext context) {
        this.users = context.getBean(UserService.class);
        this.sites = context.getBean(SiteService.class);
        this.details = context.getBean(UserDetailsService.class);
        useSecurityOf(context);
    }

    public static void useSecurityOf(org.springframework.context.ApplicationContext context) {
        context.getBeanProvider(org.springframework.security.core.context.SecurityContextHolderStrategy.class)
                .ifAvailable(SecurityContextHolder::setContextHolderStrategy);
    }

    public static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    public SiteId newSite() {
        return SystemActor.call(() -> sites.create(unique("Site ")).id());
    }

    public Account newUser(Role role, SiteId site) {
        String username = unique(role.name().toLowerCase().substring(0, 3) + ".");
        CreatedUser created = SystemActor.call(() -> users.create(new NewUser(username, "Test " + username, role, Optional.ofNullable(site))));
        return new Account(created, (AppUserPrincipal) details.loadUserByUsername(username));
    }

    public static <T> T as(Account account, Supplier<T> work) {
        return as(account.principal(), work);
    }

    public static void as(Account account, Runnable work) {
        as(account.principal(), () -> {
            work.run();
            return null;
        });
    }

    public static <T> T as(AppUserPrincipal principal, Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext ctx = SecurityContextHolder.createEmptyContext();
        ctx.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
        SecurityContextHolder.setContext(ctx);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
