package org.groupalliance.capture;

import org.groupalliance.base.GroupId;

/** A stored plan entry with its version for optimistic locking, and the instrument's name. */
public record PlanEntry(long id, GroupId groupId, int version, PlanEntryData data, String instrumentName) {
}
