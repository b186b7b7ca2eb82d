package org.groupalliance.rupture;

import org.groupalliance.base.MemberId;
import org.groupalliance.base.SubgroupId;

/** What a leader enters to open a rupture record by hand: with whom, the kind of marker and the session it was noticed in. */
public record RuptureData(Rupture.With with, MemberId member, SubgroupId subgroup, Rupture.Marker marker, int noticedSession) {
}
