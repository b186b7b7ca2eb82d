package org.groupalliance.roster;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.SessionId;

/** A held (or scheduled) session with the phase it was given when created (see {@link GroupService#phaseChanges}). */
public record GroupSession(SessionId id, GroupId groupId, int version, SessionData data, Phase phase) {
    public int number() {
        return data.sessionNumber();
    }
}
