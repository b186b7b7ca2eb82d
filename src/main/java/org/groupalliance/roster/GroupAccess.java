package org.groupalliance.roster;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.roster.internal.GroupRepository;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Role;
import org.springframework.stereotype.Component;

/**
 * Who may see and change a group: its leaders, and admins. Observers assigned to a group may read
 * its sessions and attendance ({@link #requireRead}) to rate them, never change them. Every roster service method that takes
 * a group (or something inside one) goes through here; a user without access gets the same
 * "not found" as for a group that does not exist.
 */
@Component
public class GroupAccess {

    private final GroupRepository groups;
    private final CurrentUser currentUser;

    GroupAccess(GroupRepository groups, CurrentUser currentUser) {
        this.groups = groups;
        this.currentUser = currentUser;
    }

    /** Same as {@link #requireLeader}: the group's leaders and admins. */
    public void require(GroupId group) {
        requireLeader(group);
    }

    /**
     * The check for every change to a group or anything in it: the group's own leaders (facilitators)
     * and admins. Never observers (they only read, {@link #requireRead}), never researchers.
     */
    public void requireLeader(GroupId group) {
        if (!canAccess(group)) {
            throw new NotFoundException("Group " + group);
        }
    }

    /** Leaders, admins, and observers assigned to the group. */
    public void requireRead(GroupId group) {
        if (!canAccess(group) && !isObserver(group)) {
            throw new NotFoundException("Group " + group);
        }
    }

    /** Whether the current user is an observer assigned to this group. */
    public boolean isObserver(GroupId group) {
        AppUserPrincipal me = currentUser.get().orElse(null);
        return me != null && me.role() == Role.OBSERVER && me.userId().map(u -> groups.isObserver(group, u)).orElse(false);
    }

    public boolean canAccess(GroupId group) {
        AppUserPrincipal me = currentUser.get().orElse(null);
        if (me == null) {
            return false;
        }
        if (me.role() == Role.ADMIN) {
            return groups.exists(group);
        }
        return me.role() == Role.FACILITATOR && me.userId().map(u -> groups.isLeader(group, u)).orElse(false);
    }

    /**
     * Display names of members are shown only to the group's own leaders: a facilitator who leads it.
     * Admins, researchers and observers never see them, also when their account is (still) listed as
     * a leader of the group, e.g. after being re-roled.
     */
    public boolean canSeeNames(GroupId group) {
        AppUserPrincipal me = currentUser.get().orElse(null);
        return me != null && me.role() == Role.FACILITATOR && me.userId().map(u -> groups.isLeader(group, u)).orElse(false);
    }
}
