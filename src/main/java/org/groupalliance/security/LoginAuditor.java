package org.groupalliance.security;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.stereotype.Component;

/** Writes logins and failed logins to the audit log and feeds the {@link LoginThrottle}. */
@Component
class LoginAuditor {

    private final AuditLog audit;
    private final LoginThrottle throttle;

    LoginAuditor(AuditLog audit, LoginThrottle throttle) {
        this.audit = audit;
        this.throttle = throttle;
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken token
                && token.getPrincipal() instanceof AppUserPrincipal p) {
            throttle.succeeded(p.username());
            audit.recordFor(p.username(), AuditAction.LOGIN, "User", p.userId().map(Object::toString).orElse(null), "Logged in");
        }
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        String username = String.valueOf(event.getAuthentication().getName());
        String shown = username.length() > 60 ? username.substring(0, 60) : username;
        if (event instanceof AuthenticationFailureLockedEvent) {
            audit.recordFor(shown, AuditAction.LOGIN_LOCKED, "User", null, "Login refused: too many failed attempts");
            return;
        }
        boolean nowLocked = throttle.failed(username);
        audit.recordFor(shown, AuditAction.LOGIN_FAILED, "User", null,
                "Failed login (" + event.getException().getClass().getSimpleName() + ")" + (nowLocked ? "; username locked" : ""));
    }
}
