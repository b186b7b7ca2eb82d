package org.groupalliance.rupture;

import java.time.LocalDateTime;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;

/**
 * A stored alert. {@code status}: active (needs attention), dismissed (with a reason), in a
 * rupture record, or withdrawn (the rule no longer fires after a rating was corrected).
 */
public record Alert(AlertId id, GroupId groupId, String groupName, SessionId sessionId, int sessionNumber, String instrumentCode, AlertRule rule,
                    String subject, MemberId member, String text, boolean fromMember, LocalDateTime createdAt, Status status, String dismissReason,
                    RuptureId record, int version) {

    /** Where an alert stands. */
    public enum Status { ACTIVE, DISMISSED, IN_RECORD, WITHDRAWN }

    public Alert withGroupName(String name) {
        return new Alert(id, groupId, name, sessionId, sessionNumber, instrumentCode, rule, subject, member, text, fromMember, createdAt, status,
                dismissReason, record, version);
    }
}
