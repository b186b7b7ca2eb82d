package org.groupalliance.capture;

/** A leader's rating of one target (member, subgroup or whole group), with the stored rating's version when replacing it. */
public record LeaderForm(RatingTarget target, double[] responses, Integer version) {
}
