package org.groupalliance.insight;

import java.util.List;

import org.groupalliance.base.MemberId;
import org.groupalliance.capture.ExpectedForms;

/**
 * Planned forms received in a group (from {@code expected_form}, see {@link ExpectedForms}): in
 * total, per held session, and per member (the forms they complete, and those leaders and
 * observers complete about them). {@code member} is the code, with the display name only for the
 * group's own leaders.
 */
public record GroupCompleteness(ExpectedForms.Completeness total, List<SessionRow> sessions, List<MemberCompletenessRow> members) {

    public GroupCompleteness {
        sessions = List.copyOf(sessions);
        members = List.copyOf(members);
    }

    /** One held session. */
    public record SessionRow(int session, String phase, ExpectedForms.Count forms) {
    }

    /** One member: own forms and forms about them. */
    public record MemberCompletenessRow(MemberId memberId, String member, ExpectedForms.Count own, ExpectedForms.Count about) {
    }
}
