package org.groupalliance.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.time.Duration;
import java.util.List;

import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Issue 13 item 3: the login throttle lives in the database, limits client addresses too and keeps the audit log readable. */
@MariaDbTest
class LoginThrottleMariaDbTest {

    @Autowired ApplicationContext applicationContext;
    @Autowired AuthenticationConfiguration authenticationConfiguration;
    @Autowired LoginThrottle throttle;
    @Autowired AuditLog audit;
    @Autowired TestClock clock;

    @org.junit.jupiter.api.BeforeEach
    void noClientAddress() {
        RequestContextHolder.resetRequestAttributes();
    }

    @AfterEach
    void tearDown() {
        clock.reset();
        RequestContextHolder.resetRequestAttributes();
    }

    private static void fromAddress(String address) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(address);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    }

    @Test
    void five_failures_lock_the_username_for_the_lock_duration_then_counting_starts_again() {
        String name = Actors.unique("anna");
        for (int i = 1; i <= 4; i++) {
            assertThat(throttle.failed(name.toUpperCase())).isFalse();
            assertThat(throttle.isLocked(name)).isFalse();
        }
        assertThat(throttle.failed(name)).isTrue();
        assertThat(throttle.isLocked(" " + name.toUpperCase())).isTrue();
        clock.advance(Duration.ofMinutes(14));
        assertThat(throttle.isLocked(name)).isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(throttle.isLocked(name)).isFalse();
        assertThat(throttle.failed(name)).as("the count starts again after a lock expired").isFalse();
    }

    @Test
    void a_success_clears_the_usernames_count() {
        String name = Actors.unique("ben");
        for (int i = 0; i < 4; i++) {
            throttle.failed(name);
        }
        throttle.succeeded(name);
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failed(name)).isFalse();
        }
        assertThat(throttle.failed(name)).isTrue();
    }

    @Test
    void spraying_one_password_over_many_usernames_locks_the_address_not_the_others() throws Exception {
        Actors actors = new Actors(applicationContext);
        Account cleo = actors.newUser(Role.FACILITATOR, null);
        AuthenticationManager m = authenticationConfiguration.getAuthenticationManager();
        fromAddress("198.51.100.7");
        for (int i = 0; i < 20; i++) {
            String name = Actors.unique("user");
            assertThatThrownBy(() -> m.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(name, "Summer2026!")))
                    .isInstanceOf(BadCredentialsException.class);
        }
        // 20 failures from this address: even the right password of a real account is refused from here
        assertThatThrownBy(() -> m.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(cleo.username(), cleo.password())))
                .isInstanceOf(LockedException.class);
        fromAddress("198.51.100.8");
        assertThat(m.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(cleo.username(), cleo.password())).isAuthenticated()).isTrue();
    }

    @Test
    void repeated_failures_from_one_address_are_summed_up_in_the_audit_log() throws Exception {
        Actors actors = new Actors(applicationContext);
        Account admin = actors.newUser(Role.ADMIN, null);
        AuthenticationManager m = authenticationConfiguration.getAuthenticationManager();
        String address = "203.0.113.9";
        fromAddress(address);
        String target = Actors.unique("target");
        for (int i = 0; i < 19; i++) {
            assertThatThrownBy(() -> m.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(target, "guess")))
                    .isInstanceOf(org.springframework.security.core.AuthenticationException.class);
        }
        RequestContextHolder.resetRequestAttributes();
        List<AuditEntry> failed = as(admin, () -> audit.search(new AuditQuery(null, AuditAction.LOGIN_FAILED, null, null, null, 200)))
                .stream().filter(e -> e.summary().contains(address)).toList();
        // 19 failures in at most two minutes: the first, the one that locked the username and the 10th's summary, not 19 rows
        assertThat(failed.size()).isBetween(3, 5);
        assertThat(failed).anySatisfy(e -> assertThat(e.summary()).contains("10 failed logins from " + address));
        assertThat(failed).anySatisfy(e -> assertThat(e.summary()).contains("wrong username or password").doesNotContain("Exception"));
        assertThat(failed).anySatisfy(e -> assertThat(e.summary()).contains("username locked"));
    }
}
