package org.groupalliance.insight;

import java.util.List;

import org.groupalliance.base.GroupId;

/** What the ratings of one group say: one {@link InstrumentInsight} per session-by-session instrument in its plan. */
public record GroupInsight(GroupId groupId, String groupName, int plannedSessions, int sessionsHeld, List<InstrumentInsight> instruments) {
    public GroupInsight {
        instruments = List.copyOf(instruments);
    }
}
