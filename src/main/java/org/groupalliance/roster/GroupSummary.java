package org.groupalliance.roster;

import java.time.LocalDate;

import org.groupalliance.base.GroupId;

/** One row of the group list. */
public record GroupSummary(GroupId id, String name, String siteName, Modality modality, GroupFormat format,
                           int plannedSessions, int sessionsHeld, int currentMembers, LocalDate startDate) {
}
