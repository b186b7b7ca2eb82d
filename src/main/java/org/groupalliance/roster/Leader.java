package org.groupalliance.roster;

import org.groupalliance.base.UserId;

/** A facilitator leading a group. */
public record Leader(UserId userId, String username, String fullName) {
}
