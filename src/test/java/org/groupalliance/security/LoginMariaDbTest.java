package org.groupalliance.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.util.List;

import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;

/** Logins through Spring Security's real authentication manager: auditing, throttling, disabled accounts. */
@MariaDbTest
class LoginMariaDbTest {

    @Autowired ApplicationContext applicationContext;
    @Autowired AuthenticationConfiguration authenticationConfiguration;
    @Autowired AuditLog audit;
    @Autowired UserService users;

    @org.junit.jupiter.api.BeforeEach
    void noClientAddress() {
        // without an address every failure is audited on its own (the per-address summing is tested in LoginThrottleMariaDbTest)
        org.springframework.web.context.request.RequestContextHolder.resetRequestAttributes();
    }

    private AuthenticationManager manager() throws Exception {
        return authenticationConfiguration.getAuthenticationManager();
    }

    private List<AuditEntry> entries(Account admin, String actor, AuditAction action) {
        return as(admin, () -> audit.search(new AuditQuery(actor, action, null, null, null, 50)));
    }

    @Test
    void logins_and_failed_logins_are_audited() throws Exception {
        Actors actors = new Actors(applicationContext);
        Account admin = actors.newUser(Role.ADMIN, null);
        Account anna = actors.newUser(Role.FACILITATOR, null);
        AuthenticationManager m = manager();
        assertThatThrownBy(() -> m.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(anna.username(), "wrong password")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(m.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(anna.username(), anna.password())).isAuthenticated()).isTrue();
        assertThat(entries(admin, anna.username(), AuditAction.LOGIN_FAILED)).hasSize(1);
        assertThat(entries(admin, anna.username(), AuditAction.LOGIN)).hasSize(1);
    }

    @Test
    void five_failures_lock_the_account_even_against_the_right_password() throws Exception {
        Actors actors = new Actors(applicationContext);
        Account admin = actors.newUser(Role.ADMIN, null);
        Account ben = actors.newUser(Role.FACILITATOR, null);
        AuthenticationManager m = manager();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> m.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(ben.username(), "guess")))
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> m.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(ben.username(), ben.password())))
                .isInstanceOf(LockedException.class);
        assertThat(entries(admin, ben.username(), AuditAction.LOGIN_FAILED)).hasSize(5)
                .anySatisfy(e -> assertThat(e.summary()).contains("username locked"));
        assertThat(entries(admin, ben.username(), AuditAction.LOGIN_LOCKED)).hasSize(1);
    }

    @Test
    void unknown_usernames_are_throttled_too_without_revealing_anything() throws Exception {
        AuthenticationManager m = manager();
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> m.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("nobody.here", "x")))
                    .isInstanceOf(BadCredentialsException.class);
        }
    }

    @Test
    void a_disabled_account_cannot_log_in() throws Exception {
        Actors actors = new Actors(applicationContext);
        Account admin = actors.newUser(Role.ADMIN, null);
        Account cleo = actors.newUser(Role.FACILITATOR, null);
        AppUser u = as(admin, () -> users.findById(cleo.created().id())).orElseThrow();
        as(admin, () -> users.update(u.id(), u.version(), u.fullName(), u.role(), u.siteId(), false));
        assertThatThrownBy(() -> manager().authenticate(UsernamePasswordAuthenticationToken.unauthenticated(cleo.username(), cleo.password())))
                .isInstanceOf(DisabledException.class);
    }
}
