package org.groupalliance.roster;

import java.time.LocalDate;
import java.util.Set;

import org.groupalliance.base.SiteId;
import org.groupalliance.base.UserId;

/** What the group form edits. Validated by {@link GroupService}, which knows the existing sessions. */
public record GroupData(SiteId siteId, String name, Modality modality, GroupFormat format, int plannedSessions,
                        LocalDate startDate, PhaseBoundaries phases, Set<UserId> leaderIds) {
    public GroupData {
        leaderIds = leaderIds == null ? Set.of() : Set.copyOf(leaderIds);
    }
}
