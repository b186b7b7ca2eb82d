package org.groupalliance.security;

import java.util.function.Supplier;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Runs first-run work (the initial admin, demo data) as the audited actor {@code system}, through
 * the same secured services a person would use, and background work with no person behind it
 * (rupture evaluation after a save).
 *
 * <p>The actor is set for the duration of the call only: afterwards the thread's previous context
 * comes back, and a thread that had none (a worker of an executor) is left with none, so nothing
 * leaks from one task to the next on a pooled thread.
 */
public final class SystemActor {

    private SystemActor() {
    }

    public static <T> T call(Supplier<T> work) {
        return call(SecurityContextHolder.getContextHolderStrategy(), work);
    }

    /** As {@link #call(Supplier)}, through the given strategy (the application's bean, where there is one). */
    public static <T> T call(SecurityContextHolderStrategy strategy, Supplier<T> work) {
        AppUserPrincipal system = AppUserPrincipal.system();
        return Actors.as(strategy, UsernamePasswordAuthenticationToken.authenticated(system, null, system.getAuthorities()), work);
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
