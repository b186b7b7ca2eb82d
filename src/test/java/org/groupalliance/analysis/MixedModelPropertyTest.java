package org.groupalliance.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.groupalliance.analysis.data.DataTable;
import org.groupalliance.analysis.model.Formula;
import org.junit.jupiter.api.Test;

/**
 * Properties that need no R: on 300 random group-therapy data sets (seeded; 2 to 60 groups of 1 to
 * 12 members with 1 to 30 sessions, 0 to 40 % of sessions missing, a third with no between-group
 * variance, a few with no member variance), for null, nested and random-slope models:
 * <ul>
 *   <li>the reported optimum is at least as good as every point of a θ grid that the optimiser
 *       never saw (finer than its own scan);</li>
 *   <li>the certificate is honest: {@code converged} is true exactly when the certificate, evaluated
 *       independently at the reported θ, passes; {@code singular} exactly when a diagonal element of
 *       Λ is below 1e-4; the reported log-likelihood is the criterion at the reported θ;</li>
 *   <li>nothing undefined is reported as a number: se positive and finite, df positive, p in
 *       [0, 1], ci_lower &lt; estimate &lt; ci_upper — or NaN (null) with a warning naming the term.</li>
 * </ul>
 */
class MixedModelPropertyTest {

    static final double[] GRID_DIAGONAL = {0, 0.03, 0.07, 0.15, 0.3, 0.6, 1.2, 2.5, 5};
    static final double[] GRID_OFF_DIAGONAL = {-0.6, -0.2, 0, 0.2, 0.6};

    record Case(DataTable data, Formula formula, String description) {
    }

    static Case generate(Random rnd, int index) {
        while (true) {
            int groups = 2 + rnd.nextInt(59);
            int maxMembers = 1 + rnd.nextInt(12);
            int sessions = 1 + rnd.nextInt(30);
            double missing = 0.4 * rnd.nextDouble();
            double groupSd = index % 3 == 0 ? 0 : 0.2 + rnd.nextDouble();
            double memberSd = index % 10 == 1 ? 0 : 0.3 + rnd.nextDouble();
            double slopeSd = 0.05 * rnd.nextDouble();
            List<Double> y = new ArrayList<>();
            List<Double> session = new ArrayList<>();
            List<String> group = new ArrayList<>();
            List<String> member = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                double ge = groupSd * rnd.nextGaussian();
                int members = 1 + rnd.nextInt(maxMembers);
                for (int m = 0; m < members; m++) {
                    double me = memberSd * rnd.nextGaussian();
                    double ms = slopeSd * rnd.nextGaussian();
                    for (int s = 1; s <= sessions; s++) {
                        if (rnd.nextDouble() < missing) {
                            continue;
                        }
                        y.add(4 + ge + me + (0.05 + ms) * s + 0.7 * rnd.nextGaussian());
                        session.add((double) s);
                        group.add("G" + g);
                        member.add("G" + g + "M" + m);
                    }
                }
            }
            long distinctGroups = group.stream().distinct().count();
            int n = y.size();
            String model = switch (index % 4) {
                case 0 -> "y ~ 1 + (1 | group)";
                case 1 -> sessions > 1 ? "y ~ session + (1 | group)" : "y ~ 1 + (1 | group)";
                case 2 -> "y ~ 1 + (1 | group/member)";
                default -> sessions >= 3 ? "y ~ session + (1 + session | member)" : "y ~ 1 + (1 | group/member)";
            };
            if (distinctGroups < 2 || n < 6) {
                continue;
            }
            DataTable data = new DataTable(n, List.of(
                    new DataTable.Column("y", y.stream().mapToDouble(Double::doubleValue).toArray(), null),
                    new DataTable.Column("session", session.stream().mapToDouble(Double::doubleValue).toArray(), null),
                    new DataTable.Column("group", null, group.toArray(String[]::new)),
                    new DataTable.Column("member", null, member.toArray(String[]::new))));
            return new Case(data, Formula.parse(model), "#" + index + " " + model + ": " + groups + " groups, up to " + maxMembers
                    + " members, " + sessions + " sessions, " + Math.round(100 * missing) + "% missing, n = " + n + ", group sd " + groupSd);
        }
    }

    static List<double[]> grid(int k, boolean slope) {
        List<double[]> points = new ArrayList<>();
        points.add(new double[0]);
        for (int i = 0; i < k; i++) {
            boolean diagonal = !slope || i != 1; // (1 + session | member): θ = (λ00, λ10, λ11)
            List<double[]> next = new ArrayList<>();
            for (double[] p : points) {
                for (double v : diagonal ? GRID_DIAGONAL : GRID_OFF_DIAGONAL) {
                    double[] q = java.util.Arrays.copyOf(p, k);
                    q[i] = v;
                    next.add(q);
                }
            }
            points = next;
        }
        return points;
    }

    @Test
    void optimum_beats_a_grid_and_the_certificate_is_honest_on_random_data() {
        Random rnd = new Random(20261129);
        int converged = 0;
        int singular = 0;
        for (int index = 0; index < 300; index++) {
            Case c = generate(rnd, index);
            for (MixedModel.Estimation est : MixedModel.Estimation.values()) {
                MixedModel.Result r = MixedModel.fit(c.formula(), c.data(), est);
                String what = c.description() + " " + est + " θ " + java.util.Arrays.toString(r.theta()) + " warnings " + r.warnings();
                MixedModel.Probe probe = new MixedModel.Probe(c.formula(), c.data(), est);
                double at = probe.deviance(r.theta());
                assertThat(-2 * r.logLik()).as("logLik is the criterion at θ: " + what).isCloseTo(at, org.assertj.core.api.Assertions.within(1e-9 * Math.abs(at)));
                boolean slope = c.formula().random().get(0).terms().size() == 1;
                for (double[] point : grid(r.theta().length, slope)) {
                    double v = probe.deviance(point);
                    assertThat(at).as("optimum vs grid point %s: %s", java.util.Arrays.toString(point), what)
                            .isLessThanOrEqualTo(v + 1e-7 + 1e-10 * Math.abs(v));
                }
                String certificate = probe.certificate(r.theta());
                assertThat(r.converged()).as("converged iff the certificate passes (%s): %s", certificate, what).isEqualTo(certificate == null);
                boolean boundary = false;
                double[] t = r.theta();
                for (int i = 0; i < t.length; i++) {
                    boolean diagonal = !slope || i != 1;
                    boundary |= diagonal && Math.abs(t[i]) < MixedModel.BOUNDARY;
                }
                assertThat(r.singular()).as("singular iff on the boundary: " + what).isEqualTo(boundary);
                if (r.singular()) {
                    assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("singular"));
                }
                for (MixedModel.FixedEffect fe : r.fixedEffects()) {
                    if (Double.isNaN(fe.se()) || Double.isNaN(fe.df()) || Double.isNaN(fe.p())) {
                        assertThat(r.warnings()).as("a null quantity has a reason: " + what)
                                .anySatisfy(w -> assertThat(w).containsAnyOf(fe.term(), "not converged"));
                        continue;
                    }
                    assertThat(fe.se()).as(what).isPositive().isFinite();
                    assertThat(fe.df()).as(what).isPositive().isFinite();
                    assertThat(fe.p()).as(what).isBetween(0.0, 1.0);
                    assertThat(fe.ciLower()).as(what).isLessThan(fe.estimate());
                    assertThat(fe.ciUpper()).as(what).isGreaterThan(fe.estimate());
                }
                converged += r.converged() ? 1 : 0;
                singular += r.singular() ? 1 : 0;
            }
        }
        // the data sets are varied enough to exercise both branches of the certificate
        assertThat(singular).as("singular fits among 600").isGreaterThan(30);
        assertThat(converged).as("certified fits among 600").isGreaterThan(500);
    }
}
