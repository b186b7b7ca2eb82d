package org.groupalliance.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs right after the security context is loaded from the HTTP session: a session whose account
 * was disabled, re-roled or had its password reset since sign-in is ended (session invalidated,
 * request continues as anonymous). A page request then goes to the sign-in page; a Vaadin request
 * finds no session, so nothing the stale page sends is executed, and the browser reloads into the
 * sign-in page. Not a bean: it is added to the security filter chain only.
 */
final class AccountRecheckFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AccountRecheckFilter.class);

    private final AccountRecheck recheck;
    private final SecurityContextHolderStrategy strategy;

    /**
     * @param strategy this application's security context strategy (the one its other security
     *                 filters use), not the JVM-wide static one, which another application in the
     *                 same JVM may have replaced
     */
    AccountRecheckFilter(AccountRecheck recheck, SecurityContextHolderStrategy strategy) {
        this.recheck = recheck;
        this.strategy = strategy;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = strategy.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof AppUserPrincipal p && !recheck.isCurrent(p)) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            strategy.clearContext();
            log.info("Ended the session of {}: the account was disabled, re-roled or its password reset", p.username());
        }
        chain.doFilter(request, response);
    }
}
