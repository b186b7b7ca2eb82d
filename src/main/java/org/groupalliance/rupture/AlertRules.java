package org.groupalliance.rupture;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.groupalliance.analysis.Aggregation;
import org.groupalliance.analysis.Descriptives;
import org.groupalliance.analysis.ReliableChange;
import org.groupalliance.base.MemberId;

/**
 * The rupture alert rules as pure functions of scores (no database, no Spring). Each finding's
 * text names the subject, the rule and its numbers, e.g. {@code RC-04: total 31.2, under 36; was
 * 37.5 at session 6}. Comparisons are exact at the boundaries: a total of 36.0 is not under 36,
 * 35.9 is. Differences of decimal scores allow 1e-9 (32.3 - 31.3 is 0.9999999999999964 in binary,
 * which is a drop of 1).
 *
 * <p>Member level: the instrument's concern rule (Duncan et al. 2003 for the session alliance
 * scale: total under 36, any line under 9), a drop from the member's own previous rating (OpenFIT:
 * 1 point), leader-member mismatch, and outcome not on track (Jacobson-Truax reliable change with
 * the instrument's published criterion, through {@link ReliableChange#classifyByCriterion}).
 * Group level: the group mean falls, agreement falls (rwg(j) of James, Demaree and Wolf 1984,
 * through {@link Aggregation#rwgJ}) or the SD of totals doubles, a conflict or avoidance climate
 * subscale rises, a subgroup sits at least 1 SD below the rest. See docs/decisions/0012-rupture-alerts.md.
 */
public final class AlertRules {

    static final double EPS = 1e-9;
    public static final String WHOLE_GROUP = "Whole group";

    private AlertRules() {
    }

    /**
     * The concern rule: total under {@code totalBelow}; any answered item under {@code itemBelow}
     * (one finding listing every such item). A total that could not be scored (missing items) gives
     * no total finding; missing items are never "under" anything.
     *
     * @param previous the member's previous rating of the instrument, or null at their first
     */
    public static List<Finding> concern(MemberId member, String code, Score now, Score previous, RuleSettings s, List<String> itemLabels) {
        List<Finding> out = new ArrayList<>();
        if (s.totalBelow() != null && !Double.isNaN(now.total()) && now.total() < s.totalBelow()) {
            String was = previous == null ? "; first rating"
                    : Double.isNaN(previous.total()) ? "; no total at " + previous.when()
                    : "; was " + num(previous.total()) + " at " + previous.when();
            out.add(new Finding(AlertRule.CONCERN_TOTAL, code, member, code + ": total " + num(now.total()) + ", under " + num(s.totalBelow()) + was));
        }
        if (s.itemBelow() != null) {
            List<String> low = new ArrayList<>();
            for (int i = 0; i < now.items().size(); i++) {
                double x = now.items().get(i);
                if (!Double.isNaN(x) && x < s.itemBelow()) {
                    low.add("item " + (i + 1) + (i < itemLabels.size() ? " (" + itemLabels.get(i) + ")" : "") + " " + num(x));
                }
            }
            if (!low.isEmpty()) {
                out.add(new Finding(AlertRule.CONCERN_ITEM, code, member, code + ": " + String.join(", ", low) + ", under " + num(s.itemBelow())));
            }
        }
        return out;
    }

    /**
     * A fall of at least {@code dropOf} from the member's previous rating of the same instrument,
     * whichever session that was (sessions missed in between are named). Nothing at a first rating
     * or when either total is missing.
     */
    public static Optional<Finding> drop(MemberId member, String code, Score now, Score previous, RuleSettings s) {
        if (s.dropOf() == null || previous == null || Double.isNaN(now.total()) || Double.isNaN(previous.total())) {
            return Optional.empty();
        }
        double fall = previous.total() - now.total();
        if (fall < s.dropOf() - EPS) {
            return Optional.empty();
        }
        String gap = previous.session() < now.session() - 1 ? " (no rating in between)" : "";
        return Optional.of(new Finding(AlertRule.DROP, code, member, code + ": total " + num(now.total()) + ", down " + num(fall) + " from "
                + num(previous.total()) + " at " + previous.when() + gap + "; alert at a drop of " + num(s.dropOf())));
    }

    /**
     * Leader-member mismatch: the leader rates the member's alliance well (at or above
     * {@code wellAtPercent} of the leader instrument's range, as percent of maximum possible,
     * POMP = 100 (score - min) / (max - min)) while the member's own rating at the same session is at
     * concern level ({@code memberConcerns} non-empty).
     */
    public static Optional<Finding> mismatch(MemberId member, String code, List<Finding> memberConcerns, String leaderInstrument, double leaderScore,
                                             double leaderMin, double leaderMax, RuleSettings s) {
        if (memberConcerns.isEmpty() || Double.isNaN(leaderScore) || !(leaderMax > leaderMin)) {
            return Optional.empty();
        }
        double pomp = 100 * (leaderScore - leaderMin) / (leaderMax - leaderMin);
        if (pomp < s.wellAtPercent() - EPS) {
            return Optional.empty();
        }
        String own = memberConcerns.get(0).text().substring(code.length() + 2);
        return Optional.of(new Finding(AlertRule.MISMATCH, code, member, code + ": leader rated " + leaderInstrument + " " + num(leaderScore) + " ("
                + num(pomp) + " % of its range, at least " + num(s.wellAtPercent()) + " %) while the member's own rating is at concern level (" + own + ")"));
    }

    /**
     * Outcome not on track: the member's session outcome is reliably worse than their baseline, by
     * the instrument's reliable-change criterion in the instrument's direction (Jacobson and Truax
     * 1991; classified by {@link ReliableChange#classifyByCriterion}).
     */
    public static Optional<Finding> offTrack(MemberId member, String code, Score now, Score baseline, RuleSettings s) {
        if (s.reliableChange() == null || baseline == null || Double.isNaN(now.total()) || Double.isNaN(baseline.total())
                || baseline.session() == now.session()) {
            return Optional.empty();
        }
        ReliableChange.Result r = ReliableChange.classifyByCriterion(new String[] {code}, new double[] {baseline.total()}, new double[] {now.total()},
                s.reliableChange(), Double.NaN, s.higherIsBetter());
        if (r.perMember().get(0).category() != ReliableChange.Category.DETERIORATED) {
            return Optional.empty();
        }
        return Optional.of(new Finding(AlertRule.OFF_TRACK, code, member, code + ": outcome " + num(now.total()) + ", " + num(Math.abs(now.total() - baseline.total()))
                + " worse than " + num(baseline.total()) + " at " + baseline.when() + " (reliable change " + num(s.reliableChange()) + ")"));
    }

    /**
     * The group mean of the totals fell by at least {@code groupFallOf} since the previous session the group rated,
     * compared over the same members: those with a total at both sessions (two or more). Comparing all forms of
     * each session would report a fall or rise when only who came changed (members who rate low staying away).
     */
    public static Optional<Finding> groupMeanFall(List<MemberScore> now, int session, List<MemberScore> previous, int previousSession, RuleSettings s) {
        if (s.groupFallOf() == null || previous == null || previous.isEmpty()) {
            return Optional.empty();
        }
        Paired p = paired(now, previous, m -> m.score().total());
        if (p.n() < 2 || p.before() - p.now() < s.groupFallOf() - EPS) {
            return Optional.empty();
        }
        return Optional.of(new Finding(AlertRule.GROUP_MEAN_FALL, WHOLE_GROUP, null, WHOLE_GROUP + ": mean " + num(p.now()) + ", down "
                + num(p.before() - p.now()) + " from " + num(p.before()) + " at session " + previousSession + " (the " + p.n()
                + " members who rated both sessions); alert at a fall of " + num(s.groupFallOf())));
    }

    /** The means at both sessions over the members with a value at both, and how many they are. */
    record Paired(double now, double before, int n) {
    }

    static Paired paired(List<MemberScore> now, List<MemberScore> previous, java.util.function.ToDoubleFunction<MemberScore> value) {
        Map<MemberId, Double> before = new java.util.HashMap<>();
        for (MemberScore m : previous) {
            double v = value.applyAsDouble(m);
            if (!Double.isNaN(v)) {
                before.put(m.member(), v);
            }
        }
        double sumNow = 0;
        double sumBefore = 0;
        int n = 0;
        for (MemberScore m : now) {
            double v = value.applyAsDouble(m);
            Double b = before.get(m.member());
            if (!Double.isNaN(v) && b != null) {
                sumNow += v;
                sumBefore += b;
                n++;
            }
        }
        return n == 0 ? new Paired(Double.NaN, Double.NaN, 0) : new Paired(sumNow / n, sumBefore / n, n);
    }

    /**
     * Spread: within-group agreement rwg(j) over the items under {@code rwgBelow} (forms with a
     * missing item left out; needs two forms), or the SD of the totals at least {@code sdRatio}
     * times the previous session's (which must be above 0).
     */
    public static List<Finding> spread(List<MemberScore> now, int session, List<MemberScore> previous, int previousSession, RuleSettings s) {
        List<Finding> out = new ArrayList<>();
        List<MemberScore> rows = now.stream().filter(m -> !m.score().items().isEmpty()).toList();
        if (rows.size() >= 2) {
            double[][] items = rows.stream().map(m -> m.score().items().stream().mapToDouble(Double::doubleValue).toArray()).toArray(double[][]::new);
            String[] groups = new String[items.length];
            java.util.Arrays.fill(groups, "g");
            var agreement = Aggregation.rwgJ(items, groups, s.ranvar()).perGroup();
            if (!agreement.isEmpty() && !Double.isNaN(agreement.get(0).value()) && agreement.get(0).value() < s.rwgBelow()) {
                out.add(new Finding(AlertRule.GROUP_SPREAD, WHOLE_GROUP, null, WHOLE_GROUP + ": agreement rwg(j) " + num(agreement.get(0).value())
                        + " (n " + agreement.get(0).n() + "), under " + num(s.rwgBelow())));
            }
        }
        if (previous != null && !previous.isEmpty()) {
            Descriptives.Summary a = totals(now);
            Descriptives.Summary b = totals(previous);
            if (a.n() >= 2 && b.n() >= 2 && b.sd() > 0 && a.sd() >= s.sdRatio() * b.sd() - EPS) {
                out.add(new Finding(AlertRule.GROUP_SPREAD, WHOLE_GROUP, null, WHOLE_GROUP + ": SD of totals " + num(a.sd()) + " (n " + a.n() + "), "
                        + num(a.sd() / b.sd()) + " times " + num(b.sd()) + " at session " + previousSession + "; alert at " + num(s.sdRatio()) + " times"));
            }
        }
        return out;
    }

    /**
     * A conflict or avoidance subscale's group mean rose by at least {@code climateRiseOf} since the previous session,
     * compared over the members with the subscale at both sessions (as {@link #groupMeanFall}).
     */
    public static List<Finding> climateRise(List<MemberScore> now, List<MemberScore> previous, int previousSession, Set<String> subscales, RuleSettings s) {
        List<Finding> out = new ArrayList<>();
        if (s.climateRiseOf() == null || previous == null || previous.isEmpty()) {
            return out;
        }
        for (String name : subscales.stream().sorted().toList()) {
            Paired p = paired(now, previous, m -> m.score().subscales().getOrDefault(name, Double.NaN));
            if (p.n() > 0 && p.now() - p.before() >= s.climateRiseOf() - EPS) {
                out.add(new Finding(AlertRule.CLIMATE_RISE, WHOLE_GROUP, null, WHOLE_GROUP + ": " + name + " mean " + num(p.now()) + ", up "
                        + num(p.now() - p.before()) + " from " + num(p.before()) + " at session " + previousSession + " (the " + p.n()
                        + " members who rated both sessions); alert at a rise of " + num(s.climateRiseOf())));
            }
        }
        return out;
    }

    /**
     * A subgroup's mean total at least {@code subgroupSds} SDs below the mean of the other members,
     * the SD being that of all members' totals at the session; needs rated members on both sides.
     */
    public static List<Finding> subgroupLow(List<MemberScore> now, Map<String, Set<MemberId>> subgroups, RuleSettings s) {
        List<Finding> out = new ArrayList<>();
        Descriptives.Summary all = totals(now);
        if (all.n() < 3 || !(all.sd() > 0)) {
            return out;
        }
        subgroups.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Descriptives.Summary in = totals(now.stream().filter(m -> e.getValue().contains(m.member())).toList());
            Descriptives.Summary rest = totals(now.stream().filter(m -> !e.getValue().contains(m.member())).toList());
            if (in.n() > 0 && rest.n() > 0) {
                double gap = (rest.mean() - in.mean()) / all.sd();
                if (gap >= s.subgroupSds() - EPS) {
                    out.add(new Finding(AlertRule.SUBGROUP_LOW, e.getKey(), null, e.getKey() + ": mean " + num(in.mean()) + " (n " + in.n() + "), "
                            + num(gap) + " SD below the rest " + num(rest.mean()) + " (n " + rest.n() + "; SD " + num(all.sd()) + ")"));
                }
            }
        });
        return out;
    }

    private static Descriptives.Summary totals(List<MemberScore> scores) {
        return Descriptives.of(scores.stream().mapToDouble(m -> m.score().total()).toArray());
    }

    /** Up to two decimals, trailing zeros dropped: 36, 31.2, 0.62. */
    static String num(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
