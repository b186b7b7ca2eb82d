package org.groupalliance.roster;

import java.util.List;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.SubgroupId;

/** A named set of members within a group, whose membership can change from a given session on. */
public record Subgroup(SubgroupId id, GroupId groupId, int version, String name, List<SubgroupMembership> memberships) {
    public Subgroup {
        memberships = List.copyOf(memberships);
    }

    public List<SubgroupMembership> membersAt(int sessionNumber) {
        return memberships.stream().filter(m -> m.activeAt(sessionNumber)).toList();
    }
}
