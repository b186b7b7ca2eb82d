package org.groupalliance.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Reliable change and clinical significance after Jacobson and Truax (1991).
 *
 * <p>With the measure's standard deviation {@code s} and reliability {@code r_xx}:
 * {@code SE = s sqrt(1 - r_xx)}, {@code S_diff = sqrt(2 SE²)}, {@code RCI = (post - pre) / S_diff};
 * a change is reliable when {@code |post - pre| > 1.96 S_diff} (the {@code threshold}). The
 * cut-off {@code c} between the dysfunctional and functional populations is given, or computed
 * from their norms as {@code c = (s0 m1 + s1 m0) / (s0 + s1)} (criterion c; 0 = dysfunctional,
 * 1 = functional).
 *
 * <p>Classification, for "higher is worse" (mirrored for "higher is better"):
 * <ul>
 *   <li>recovered: reliable improvement and crossed {@code c} into the functional range
 *       (pre on the dysfunctional side, post on the functional side);</li>
 *   <li>improved: reliable improvement without that crossing;</li>
 *   <li>deteriorated: reliable worsening;</li>
 *   <li>unchanged: no reliable change.</li>
 * </ul>
 * Members with a missing pre or post value are listed with category {@code null} and not counted.
 */
public final class ReliableChange {

    /** The four categories. */
    public enum Category { RECOVERED, IMPROVED, UNCHANGED, DETERIORATED }

    /** Norms of a dysfunctional (0) and a functional (1) population. */
    public record Norms(double mean0, double sd0, double mean1, double sd1) {
        public double cutoffC() {
            return (sd0 * mean1 + sd1 * mean0) / (sd0 + sd1);
        }
    }

    /** One member's change. */
    public record Member(String id, double pre, double post, double change, double rci, Category category) {
    }

    /** The indices used and the classification of every member. */
    public record Result(double sDiff, double threshold, double cutoff, int recovered, int improved, int unchanged,
                         int deteriorated, List<Member> perMember) {
        public Result {
            perMember = List.copyOf(perMember);
        }
    }

    public static final double Z = 1.96;

    private ReliableChange() {
    }

    public static Result classify(String[] ids, double[] pre, double[] post, double sd, double reliability, double cutoff,
                                  boolean higherIsBetter) {
        if (!(sd > 0)) {
            throw new IllegalArgumentException("sd must be positive");
        }
        if (!(reliability >= 0 && reliability < 1)) {
            throw new IllegalArgumentException("reliability must be in [0, 1)");
        }
        double se = sd * Math.sqrt(1 - reliability);
        double sDiff = Math.sqrt(2 * se * se);
        double threshold = Z * sDiff;
        return classify(ids, pre, post, sDiff, threshold, cutoff, higherIsBetter, improvement -> improvement > threshold,
                (before, after) -> (higherIsBetter ? before < cutoff : before > cutoff) && (higherIsBetter ? after >= cutoff : after <= cutoff));
    }

    /**
     * Classification with a published reliable-change criterion in score points (as instrument
     * manuals state it: "a change of at least {@code criterion} points is reliable") and a caseness
     * cut-off: for "higher is worse" a score at or above {@code cutoff} is in the clinical range, for
     * "higher is better" a score below it. The reported {@code rci} is {@code 1.96 change / criterion},
     * so that {@code |rci| >= 1.96} exactly when the change is reliable; {@code sDiff} is
     * {@code criterion / 1.96}.
     *
     * <p>Recovered: reliable improvement from the clinical range at pre to outside it at post.
     * A NaN cut-off gives no "recovered" category. Comparisons with the criterion allow 1e-9 of it,
     * so that decimal scores (3.2 to 8.2 is 4.999999999999999 in binary) meet a criterion of 5.
     */
    public static Result classifyByCriterion(String[] ids, double[] pre, double[] post, double criterion, double cutoff, boolean higherIsBetter) {
        if (!(criterion > 0) || Double.isInfinite(criterion)) {
            throw new IllegalArgumentException("criterion must be a positive number of score points");
        }
        double reliable = criterion * (1 - 1e-9);
        return classify(ids, pre, post, criterion / Z, criterion, cutoff, higherIsBetter, improvement -> improvement >= reliable,
                (before, after) -> clinical(before, cutoff, higherIsBetter) && !clinical(after, cutoff, higherIsBetter));
    }

    /** In the clinical range at the caseness cut-off: at or above it when higher is worse, below it when higher is better. */
    private static boolean clinical(double score, double cutoff, boolean higherIsBetter) {
        return higherIsBetter ? score < cutoff : score >= cutoff;
    }

    /**
     * The classification both rules share: a reliable improvement is recovered when the
     * cut-off rule says so (never with a NaN cut-off), else improved; a reliable worsening is
     * deteriorated; the rest unchanged. {@code rci = change / sDiff}.
     */
    private static Result classify(String[] ids, double[] pre, double[] post, double sDiff, double threshold, double cutoff, boolean higherIsBetter,
                                   java.util.function.DoublePredicate isReliable, java.util.function.BiPredicate<Double, Double> recovered) {
        int[] counts = new int[4];
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < pre.length; i++) {
            String id = ids == null ? Integer.toString(i + 1) : ids[i];
            if (Double.isNaN(pre[i]) || Double.isNaN(post[i])) {
                members.add(new Member(id, pre[i], post[i], Double.NaN, Double.NaN, null));
                continue;
            }
            double change = post[i] - pre[i];
            double improvement = higherIsBetter ? change : -change;
            Category c;
            if (isReliable.test(improvement)) {
                c = !Double.isNaN(cutoff) && recovered.test(pre[i], post[i]) ? Category.RECOVERED : Category.IMPROVED;
            } else if (isReliable.test(-improvement)) {
                c = Category.DETERIORATED;
            } else {
                c = Category.UNCHANGED;
            }
            counts[c.ordinal()]++;
            members.add(new Member(id, pre[i], post[i], change, change / sDiff, c));
        }
        return new Result(sDiff, threshold, cutoff, counts[0], counts[1], counts[2], counts[3], members);
    }
}
