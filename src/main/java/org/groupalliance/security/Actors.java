package org.groupalliance.security;

import java.util.function.Supplier;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/** Runs work as an actor for the duration of one call; shared by {@link SystemActor} and {@link OperatorActor}. */
final class Actors {

    private Actors() {
    }

    static <T> T as(SecurityContextHolderStrategy strategy, Authentication who, Supplier<T> work) {
        // read without creating: a thread with no context (an executor's worker) must be left with none
        SecurityContext previous = strategy.getDeferredContext().get();
        boolean hadOne = previous != null && previous.getAuthentication() != null;
        SecurityContext ctx = strategy.createEmptyContext();
        ctx.setAuthentication(who);
        strategy.setContext(ctx);
        try {
            return work.get();
        } finally {
            if (hadOne) {
                strategy.setContext(previous);
            } else {
                strategy.clearContext();
            }
        }
    }
}
