package org.groupalliance.capture;

import org.groupalliance.base.MemberId;
import org.groupalliance.base.SubgroupId;

/** Whom a rating is about: one member, a subgroup, or the whole group. */
public record RatingTarget(Kind kind, MemberId member, SubgroupId subgroup) {

    /** How the whole group is named on the leader's sheet and in its field errors (one label, so errors land on the field). */
    public static final String WHOLE_GROUP_LABEL = "Whole group";

    /** The kinds of target. */
    public enum Kind { MEMBER, SUBGROUP, WHOLE_GROUP }

    public static RatingTarget member(MemberId m) {
        return new RatingTarget(Kind.MEMBER, m, null);
    }

    public static RatingTarget subgroup(SubgroupId s) {
        return new RatingTarget(Kind.SUBGROUP, null, s);
    }

    public static RatingTarget wholeGroup() {
        return new RatingTarget(Kind.WHOLE_GROUP, null, null);
    }

    String key() {
        return switch (kind) {
            case MEMBER -> "M" + member.value();
            case SUBGROUP -> "S" + subgroup.value();
            case WHOLE_GROUP -> "G";
        };
    }
}
