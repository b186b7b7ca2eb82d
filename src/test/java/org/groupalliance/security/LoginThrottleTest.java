package org.groupalliance.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void five_failures_lock_the_username_for_the_lock_duration() {
        MutableClock clock = new MutableClock();
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(15), clock);
        for (int i = 1; i <= 4; i++) {
            assertThat(throttle.failed("Anna")).isFalse();
            assertThat(throttle.isLocked("anna")).isFalse();
        }
        assertThat(throttle.failed("anna")).isTrue();
        assertThat(throttle.isLocked("ANNA")).isTrue();
        clock.now = clock.now.plus(Duration.ofMinutes(14));
        assertThat(throttle.isLocked("anna")).isTrue();
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(throttle.isLocked("anna")).isFalse();
        assertThat(throttle.failed("anna")).as("the count starts again after a lock expired").isFalse();
    }

    @Test
    void a_success_clears_the_count() {
        LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(15), new MutableClock());
        throttle.failed("ben");
        throttle.failed("ben");
        throttle.succeeded("ben");
        assertThat(throttle.failed("ben")).isFalse();
        assertThat(throttle.failed("ben")).isFalse();
        assertThat(throttle.failed("ben")).isTrue();
    }
}
