package org.groupalliance.roster;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;

/**
 * A group member, known by a pseudonymous code. {@code data.displayName()} is filled only for the
 * group's own leaders; everyone else gets null.
 */
public record Member(MemberId id, GroupId groupId, int version, MemberData data) {

    public String code() {
        return data.memberCode();
    }

    /** The code, with the display name after it when the viewer may see it. */
    public String label() {
        return data.displayName() == null || data.displayName().isBlank() ? data.memberCode()
                : data.memberCode() + " (" + data.displayName() + ")";
    }
}
