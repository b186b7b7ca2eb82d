package org.groupalliance.capture;

import org.groupalliance.base.MemberId;

/**
 * A form a member completed (on paper or at the session) that a leader enters: the member's item
 * responses (NaN = missing) and, when it replaces a stored rating, that rating's version.
 */
public record MemberForm(MemberId member, double[] responses, Integer version) {
}
