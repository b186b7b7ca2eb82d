package org.groupalliance.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after {@code maxFailures} consecutive failed logins for one
 * username, that username is locked for {@code lockDuration}, whatever password is tried. Counts
 * unknown usernames too, so the lock does not reveal which accounts exist. In memory: a restart
 * clears it, which is acceptable for a single-node clinic deployment (see docs/decisions).
 */
@Component
public class LoginThrottle {

    private record Attempts(int failures, Instant lockedUntil) {
    }

    private final ConcurrentMap<String, Attempts> attempts = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Duration lockDuration;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    LoginThrottle(@Value("${groupalliance.login.max-failures:5}") int maxFailures,
                  @Value("${groupalliance.login.lock-minutes:15}") long lockMinutes, Clock clock) {
        this(maxFailures, Duration.ofMinutes(lockMinutes), clock);
    }

    LoginThrottle(int maxFailures, Duration lockDuration, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockDuration = lockDuration;
        this.clock = clock;
    }

    public boolean isLocked(String username) {
        Attempts a = attempts.get(key(username));
        return a != null && a.lockedUntil() != null && clock.instant().isBefore(a.lockedUntil());
    }

    /** @return true when this failure locked the account */
    public boolean failed(String username) {
        Attempts updated = attempts.compute(key(username), (k, a) -> {
            Instant now = clock.instant();
            int failures = (a == null || (a.lockedUntil() != null && !now.isBefore(a.lockedUntil()))) ? 1 : a.failures() + 1;
            Instant lockedUntil = failures >= maxFailures ? now.plus(lockDuration) : null;
            return new Attempts(failures, lockedUntil);
        });
        return updated.failures() == maxFailures;
    }

    public void succeeded(String username) {
        attempts.remove(key(username));
    }

    private static String key(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }
}
