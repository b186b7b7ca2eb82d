package org.groupalliance.roster;

import java.util.List;

import org.groupalliance.base.GroupId;

/** A therapy group: id, version for optimistic locking, its data and its leaders. */
public record Group(GroupId id, int version, GroupData data, String siteName, List<Leader> leaders) {
    public Group {
        leaders = List.copyOf(leaders);
    }

    public String name() {
        return data.name();
    }
}
