package org.groupalliance.security;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import org.groupalliance.security.internal.ThrottleRepository;
import org.groupalliance.security.internal.ThrottleRepository.Row;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts failures per (kind, key) in the database, so a limit holds across app nodes and
 * restarts, and memory stays bounded: a key collects up to {@code max} failures within
 * {@code window} of its first one; reaching {@code max} locks it for {@code lock}. After the
 * window or the lock has passed, counting starts again. Concurrent failures of one key are
 * serialised by a row lock. Stale rows are purged by the cluster's housekeeping job.
 */
@Component
public class AttemptThrottle {

    /** What one failure did: the count within the window, and whether this failure set the lock. */
    public record Failure(int failures, boolean lockedNow) {
    }

    private final ThrottleRepository rows;
    private final Clock clock;

    AttemptThrottle(ThrottleRepository rows, ObjectProvider<Clock> clock) {
        this.rows = rows;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Transactional(readOnly = true)
    public boolean isLocked(String kind, String key) {
        LocalDateTime now = now();
        return rows.lockedUntil(kind, normal(key)).map(now::isBefore).orElse(false);
    }

    @Transactional
    public Failure failed(String kind, String key, int max, Duration window, Duration lock) {
        LocalDateTime now = now();
        String k = normal(key);
        Row row = rows.lockRow(kind, k, now);
        boolean lockOver = row.lockedUntil() != null && !now.isBefore(row.lockedUntil());
        boolean windowOver = row.lockedUntil() == null && !now.isBefore(row.windowStart().plus(window));
        Row next = lockOver || windowOver || row.failures() == 0
                ? new Row(1, now, null)
                : new Row(row.failures() + 1, row.windowStart(), row.lockedUntil());
        boolean lockedNow = next.lockedUntil() == null && next.failures() >= max;
        if (lockedNow) {
            next = new Row(next.failures(), next.windowStart(), now.plus(lock));
        }
        rows.update(kind, k, next);
        return new Failure(next.failures(), lockedNow);
    }

    /**
     * Forgets counters whose window started over a day ago and that hold no lock (run once per
     * cluster by {@code operations.Housekeeping}). Returns how many rows went.
     */
    @Transactional
    public int purgeStale() {
        LocalDateTime now = now();
        return rows.purge(now.minusDays(1), now);
    }

    @Transactional
    public void clear(String kind, String key) {
        rows.delete(kind, normal(key));
    }

    private static String normal(String key) {
        String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
        return k.length() > 120 ? k.substring(0, 120) : k;
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MILLIS);
    }
}
