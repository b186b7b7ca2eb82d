package org.groupalliance.rupture;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.roster.GroupAccess;
import org.springframework.stereotype.Component;

/**
 * Alerts and rupture records belong to the group's own leaders only: not to admins, observers or
 * researchers (rupture notes are clinical notes). Anyone else gets the same "not found" as for
 * something that does not exist.
 */
@Component
class LeaderCheck {

    private final GroupAccess access;

    LeaderCheck(GroupAccess access) {
        this.access = access;
    }

    void requireLeader(GroupId group) {
        if (!access.canSeeNames(group)) {
            throw new NotFoundException("Group " + group);
        }
    }
}
