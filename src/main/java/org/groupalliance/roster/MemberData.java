package org.groupalliance.roster;

import org.groupalliance.base.Auditable;

/**
 * What the member form edits. {@code leftSession} is the last session at which the person is a
 * member (inclusive); empty while they are still in the group.
 */
public record MemberData(String memberCode, @Auditable.Redacted String displayName, int joinedSession, Integer leftSession,
                         EndStatus endStatus, String endReason) {

    /** Whether the member belongs to the group at the given session. */
    public boolean belongsAt(int sessionNumber) {
        return joinedSession <= sessionNumber && (leftSession == null || sessionNumber <= leftSession);
    }
}
