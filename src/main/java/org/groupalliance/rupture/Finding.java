package org.groupalliance.rupture;

import org.groupalliance.base.MemberId;

/**
 * What a rule found: the rule, whom it is about ({@code subject} is a member code, a subgroup's
 * name or "Whole group"; {@code member} is set for member-level findings) and the text a leader
 * reads, which names the rule and its numbers.
 */
public record Finding(AlertRule rule, String subject, MemberId member, String text) {
}
