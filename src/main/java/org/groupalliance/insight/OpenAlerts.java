package org.groupalliance.insight;

import java.util.List;

import org.groupalliance.rupture.Alert;

/**
 * The group's alerts that still need attention (rupture feature), for the insight page and the
 * report. Alerts belong to the group's own leaders only: for anyone else {@code shown} is false
 * and the list empty.
 */
public record OpenAlerts(boolean shown, List<Alert> alerts) {

    public OpenAlerts {
        alerts = List.copyOf(alerts);
    }

    static OpenAlerts notShown() {
        return new OpenAlerts(false, List.of());
    }
}
