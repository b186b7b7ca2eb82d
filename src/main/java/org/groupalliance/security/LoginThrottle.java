package org.groupalliance.security;

import java.time.Duration;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing, in the database so it holds across app nodes and restarts:
 * {@code maxFailures} failed logins for one username within the lock duration lock that username
 * for {@code lockDuration}, whatever password is tried (unknown usernames count too, so the lock
 * reveals nothing); {@code maxFailuresPerAddress} failed logins from one client address within
 * the lock duration lock that address out of every account (spraying one password over many
 * usernames). A successful login clears its username's count, never its address's.
 */
@Component
public class LoginThrottle {

    static final String USERNAME = "login-user";
    static final String ADDRESS = "login-address";

    /** What one failed login did. */
    public record Outcome(boolean usernameLockedNow, boolean addressLockedNow) {
    }

    private final AttemptThrottle throttle;
    private final int maxFailures;
    private final int maxFailuresPerAddress;
    private final Duration lockDuration;

    LoginThrottle(AttemptThrottle throttle, @Value("${groupalliance.login.max-failures:5}") int maxFailures,
                  @Value("${groupalliance.login.max-failures-per-address:20}") int maxFailuresPerAddress,
                  @Value("${groupalliance.login.lock-minutes:15}") long lockMinutes) {
        this.throttle = throttle;
        this.maxFailures = maxFailures;
        this.maxFailuresPerAddress = maxFailuresPerAddress;
        this.lockDuration = Duration.ofMinutes(lockMinutes);
    }

    public boolean isLocked(String username) {
        return throttle.isLocked(USERNAME, username);
    }

    public boolean isAddressLocked(Optional<String> address) {
        return address.map(a -> throttle.isLocked(ADDRESS, a)).orElse(false);
    }

    /** @return true when this failure locked the username */
    public boolean failed(String username) {
        return failed(username, Optional.empty()).usernameLockedNow();
    }

    public Outcome failed(String username, Optional<String> address) {
        boolean user = throttle.failed(USERNAME, username, maxFailures, lockDuration, lockDuration).lockedNow();
        boolean addr = address.map(a -> throttle.failed(ADDRESS, a, maxFailuresPerAddress, lockDuration, lockDuration).lockedNow())
                .orElse(false);
        return new Outcome(user, addr);
    }

    public void succeeded(String username) {
        throttle.clear(USERNAME, username);
    }
}
