package org.groupalliance.rupture;

/**
 * The parameters of the rules for one instrument in one group. The concern cut-offs, the drop and
 * the reliable-change criterion come from the instrument definition; a group may override the drop
 * and the group-mean fall. Null turns a rule off.
 *
 * @param totalBelow     concern when the total is under this (strictly)
 * @param itemBelow      concern when an answered item is under this (strictly)
 * @param dropOf         a fall of the member's total by at least this from their previous rating
 * @param reliableChange the instrument's reliable-change criterion in score points (outcome not on track)
 * @param groupFallOf    a fall of the group mean by at least this since the previous session
 *                       (default: the reliable-change criterion, else the drop)
 * @param climateRiseOf  a rise of a conflict or avoidance subscale's group mean by at least this
 * @param ranvar         variance of the uniform null distribution of one item, for rwg(j)
 * @param rwgBelow       group agreement alert under this rwg(j) (.70)
 * @param sdRatio        spread alert when the SD of totals is at least this multiple of the previous session's (2)
 * @param subgroupSds    subgroup alert when its mean is at least this many SDs below the rest (1)
 * @param wellAtPercent  leader-member mismatch: the leader's rating counts as good at or above this
 *                       percent of the scale's range (75)
 */
public record RuleSettings(Double totalBelow, Double itemBelow, Double dropOf, Double reliableChange, boolean higherIsBetter,
                           Double groupFallOf, Double climateRiseOf, double ranvar, double rwgBelow, double sdRatio, double subgroupSds,
                           double wellAtPercent) {

    public static final double RWG_BELOW = 0.70;
    public static final double SD_RATIO = 2.0;
    public static final double SUBGROUP_SDS = 1.0;
    public static final double WELL_AT_PERCENT = 75.0;
    public static final double CLIMATE_RISE = 1.0;

    /** The session alliance scale's rules: total under 36, a line under 9, a drop of 1 (0-10 lines: ranvar 100/12). */
    public static RuleSettings sessionAllianceDefaults() {
        return new RuleSettings(36.0, 9.0, 1.0, null, true, 1.0, null, 100 / 12.0, RWG_BELOW, SD_RATIO, SUBGROUP_SDS, WELL_AT_PERCENT);
    }

    public RuleSettings withDropOf(Double drop) {
        return new RuleSettings(totalBelow, itemBelow, drop, reliableChange, higherIsBetter, groupFallOf, climateRiseOf, ranvar, rwgBelow, sdRatio,
                subgroupSds, wellAtPercent);
    }

    public RuleSettings withGroupFallOf(Double fall) {
        return new RuleSettings(totalBelow, itemBelow, dropOf, reliableChange, higherIsBetter, fall, climateRiseOf, ranvar, rwgBelow, sdRatio,
                subgroupSds, wellAtPercent);
    }
}
