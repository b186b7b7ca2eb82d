package org.groupalliance.base;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** All stored timestamps are UTC wall-clock values with millisecond precision (TIMESTAMP(3)). */
public final class Times {

    private Times() {
    }

    public static LocalDateTime nowUtc() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }
}
