package org.groupalliance.rupture;

import org.groupalliance.base.MemberId;

/** One member's form at a session, for the group-level rules. */
public record MemberScore(MemberId member, String code, Score score) {
}
