package org.groupalliance.security;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

/**
 * Writes logins and failed logins to the audit log and feeds the {@link LoginThrottle}. Under
 * attack the log stays readable: of the failed logins from one client address within one minute,
 * the first is written as it is and the rest are summed up in a row at the 10th, 100th, 1000th...
 * ("100 failed logins from 192.0.2.7 in the minute from 10:31"); a failure that locks a username
 * or an address is always written.
 */
@Component
class LoginAuditor {

    static final String AUDIT_MINUTE = "audit-minute";

    private final AuditLog audit;
    private final LoginThrottle throttle;
    private final AttemptThrottle counter;
    private final Clock clock;

    LoginAuditor(AuditLog audit, LoginThrottle throttle, AttemptThrottle counter, ObjectProvider<Clock> clock) {
        this.audit = audit;
        this.throttle = throttle;
        this.counter = counter;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken token
                && token.getPrincipal() instanceof AppUserPrincipal p) {
            throttle.succeeded(p.username());
            audit.recordFor(p.username(), AuditAction.LOGIN, "User", p.userId().map(Object::toString).orElse(null),
                    "Logged in" + ClientAddress.current().map(a -> " from " + a).orElse(""));
        }
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        String username = String.valueOf(event.getAuthentication().getName());
        String shown = username.length() > 60 ? username.substring(0, 60) : username;
        Optional<String> address = ClientAddress.current();
        String from = address.map(a -> " from " + a).orElse("");
        if (event instanceof AuthenticationFailureLockedEvent) {
            if (firstOfMinute(address)) {
                audit.recordFor(shown, AuditAction.LOGIN_LOCKED, "User", null, "Login refused: too many failed attempts" + from);
            }
            return;
        }
        LoginThrottle.Outcome outcome = throttle.failed(username, address);
        if (outcome.addressLockedNow()) {
            audit.recordFor(address.orElse("?"), AuditAction.LOGIN_LOCKED, "ClientAddress", address.orElse(null),
                    "Client address" + from + " locked after repeated failed logins");
        }
        int inMinute = address.map(this::countInMinute).orElse(1);
        if (inMinute == 1 || outcome.usernameLockedNow()) {
            audit.recordFor(shown, AuditAction.LOGIN_FAILED, "User", null,
                    "Failed login: " + reason(event.getException()) + from + (outcome.usernameLockedNow() ? "; username locked" : ""));
        } else if (isPowerOfTen(inMinute)) {
            audit.recordFor(address.orElseThrow(), AuditAction.LOGIN_FAILED, "ClientAddress", address.orElseThrow(),
                    inMinute + " failed logins" + from + " in the minute from " + minute().toLocalTime() + " UTC (latest username " + shown + ")");
        }
    }

    /** Plain words instead of exception class names. */
    static String reason(AuthenticationException e) {
        if (e instanceof BadCredentialsException) {
            return "wrong username or password";
        }
        if (e instanceof LockedException) {
            return "account locked";
        }
        if (e instanceof DisabledException) {
            return "account disabled";
        }
        return "sign-in refused";
    }

    private boolean firstOfMinute(Optional<String> address) {
        return address.map(this::countInMinute).orElse(1) == 1;
    }

    private int countInMinute(String address) {
        return counter.failed(AUDIT_MINUTE, address + "@" + minute(), Integer.MAX_VALUE, Duration.ofMinutes(2), Duration.ZERO).failures();
    }

    private LocalDateTime minute() {
        return LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MINUTES);
    }

    private static boolean isPowerOfTen(int n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
