package org.groupalliance.insight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.groupalliance.analysis.Descriptives;
import org.groupalliance.analysis.Trajectories;

/**
 * Congruence between a member's own rating and the leaders' rating of that member on one
 * instrument, session by session: {@code d_s = own_s - leader_s}, where {@code leader_s} is the
 * mean of the group's leaders' totals about the member at session {@code s} (co-leaders averaged)
 * and only sessions with both are paired. Reported: the number of pairs, the mean difference
 * {@code d̄ = Σ d_s / n} and its SD ({@link Descriptives}), and the trend of the difference, the
 * least-squares slope of {@code d_s} on the session number ({@link Trajectories}, as R's
 * {@code coef(lm(d ~ session))[2]}). A positive difference: the member rates the alliance higher
 * than the leader does; leaders misjudging members' alliance is the reason to show it (e.g.
 * Bachelor 2013, "Clients' and therapists' views of the therapeutic alliance: similarities,
 * differences and relationship to therapy outcome", Clin Psychol Psychother 20(2), 118-135). NaN = not computable
 * (no pairs; a slope needs two sessions).
 */
public record Congruence(int pairs, double meanDifference, double sdDifference, double slope, List<Pair> perSession) {

    /** One paired session: the member's own total, the leaders' mean total about them, and own - leader. */
    public record Pair(int session, double own, double leader, int leaders, double difference) {
    }

    public static final Congruence NONE = new Congruence(0, Double.NaN, Double.NaN, Double.NaN, List.of());

    public Congruence {
        perSession = List.copyOf(perSession);
    }

    /**
     * Pairs the member's own totals with the leaders' totals about the member, by session.
     *
     * @param own     session number to the member's own total
     * @param leaders session number to every leader's total about the member at that session
     */
    public static Congruence of(Map<Integer, Double> own, Map<Integer, List<Double>> leaders) {
        List<Pair> pairs = new ArrayList<>();
        for (var e : new TreeMap<>(own).entrySet()) {
            List<Double> l = leaders.getOrDefault(e.getKey(), List.of()).stream().filter(v -> !Double.isNaN(v)).toList();
            if (l.isEmpty() || e.getValue() == null || Double.isNaN(e.getValue())) {
                continue;
            }
            double leader = Descriptives.of(l.stream().mapToDouble(Double::doubleValue).toArray()).mean();
            pairs.add(new Pair(e.getKey(), e.getValue(), leader, l.size(), e.getValue() - leader));
        }
        if (pairs.isEmpty()) {
            return NONE;
        }
        double[] d = pairs.stream().mapToDouble(Pair::difference).toArray();
        Descriptives.Summary s = Descriptives.of(d);
        String[] ids = new String[d.length];
        java.util.Arrays.fill(ids, "m");
        double[] t = pairs.stream().mapToDouble(Pair::session).toArray();
        double slope = Trajectories.fit(ids, t, d).getFirst().slope();
        return new Congruence(pairs.size(), s.mean(), s.sd(), slope, pairs);
    }
}
