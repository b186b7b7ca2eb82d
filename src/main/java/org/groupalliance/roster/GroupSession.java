package org.groupalliance.roster;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.SessionId;

/** A held (or scheduled) session; its phase is derived from the group's boundaries. */
public record GroupSession(SessionId id, GroupId groupId, int version, SessionData data, Phase phase) {
    public int number() {
        return data.sessionNumber();
    }
}
