package org.groupalliance.base;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * All stored timestamps are UTC wall-clock values with millisecond precision (TIMESTAMP(3)), read
 * from the one injected {@link Clock} (the {@code clock} bean of {@link TimeConfig}; tests replace it
 * with a clock they can move), never from the system clock directly.
 */
public final class Times {

    private Times() {
    }

    public static LocalDateTime nowUtc(Clock clock) {
        return LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MILLIS);
    }
}
