package org.groupalliance.security;

import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The server operator who runs a command of the jar ({@code export}, {@code token}): whoever can
 * start the jar against the production datasource already holds the database, so the operator acts
 * with administrator rights, and every action is audited as {@code operator:<os user>}.
 */
public final class OperatorActor {

    private OperatorActor() {
    }

    /** The audit name of the operator: {@code operator:} and the operating-system account. */
    public static String name() {
        String os = System.getProperty("user.name", "unknown");
        String name = "operator:" + os;
        return name.length() > 60 ? name.substring(0, 60) : name;
    }

    public static AppUserPrincipal principal() {
        return new AppUserPrincipal(Optional.empty(), name(), "", Role.ADMIN, Optional.empty(), true, false, 0);
    }

    public static <T> T call(Supplier<T> work) {
        return as(principal(), work);
    }

    /** Runs as the given account (a command's {@code --user}), e.g. to apply a facilitator's access rules. */
    public static <T> T as(AppUserPrincipal principal, Supplier<T> work) {
        return Actors.as(SecurityContextHolder.getContextHolderStrategy(),
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()), work);
    }
}
