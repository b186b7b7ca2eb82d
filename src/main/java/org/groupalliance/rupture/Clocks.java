package org.groupalliance.rupture;

import java.time.LocalDateTime;

import org.groupalliance.base.Times;

/** Stored timestamps of this feature: UTC, millisecond precision ({@link Times}). */
final class Clocks {

    private Clocks() {
    }

    static LocalDateTime now() {
        return Times.nowUtc();
    }
}
