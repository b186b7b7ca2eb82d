package org.groupalliance.insight;

import java.util.List;

import org.groupalliance.rupture.Alert;

/**
 * The group's alerts that still need attention (rupture feature), for the insight page and the
 * report: the newest {@link #LISTED} of {@code total}; the rest are on the group's alerts page.
 * Alerts belong to the group's own leaders only: for anyone else {@code shown} is false and the
 * list empty.
 */
public record OpenAlerts(boolean shown, List<Alert> alerts, int total) {

    /** At most this many alerts are listed on the page and in the report (newest first). */
    public static final int LISTED = 50;

    public OpenAlerts {
        alerts = List.copyOf(alerts);
    }

    public OpenAlerts(boolean shown, List<Alert> alerts) {
        this(shown, alerts, alerts.size());
    }

    /** How many open alerts are not listed. */
    public int notListed() {
        return total - alerts.size();
    }

    static OpenAlerts notShown() {
        return new OpenAlerts(false, List.of());
    }
}
