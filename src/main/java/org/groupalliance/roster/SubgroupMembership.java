package org.groupalliance.roster;

import org.groupalliance.base.MemberId;

/** A member's time in a subgroup, as inclusive session numbers; {@code validTo} empty while it lasts. */
public record SubgroupMembership(MemberId memberId, String memberCode, int validFrom, Integer validTo) {

    public boolean activeAt(int sessionNumber) {
        return validFrom <= sessionNumber && (validTo == null || sessionNumber <= validTo);
    }
}
