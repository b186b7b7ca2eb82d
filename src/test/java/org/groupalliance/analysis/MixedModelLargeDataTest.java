package org.groupalliance.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.groupalliance.analysis.data.DataTable;
import org.groupalliance.analysis.model.Formula;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 256,000 rows (2,000 groups × 8 members × 16 sessions, balanced and complete), generated bit for
 * bit by rfix's exact integer recipe (README-rfix.md section 3; checked against
 * {@code large_df_check.csv}), against the closed forms of {@code large_df_exact.R} (section 3b):
 * Satterthwaite df = J − 1 = 15,999 (REML) and J = 16,000 (ML) for the random-slope model, and the
 * three-stratum forms of the nested model. Tolerances: estimates, se and df 1e-9 relative,
 * variances 1e-8 (a covariance is compared on the scale of its two SDs); measured 1e-14 to 3e-11
 * for df and below 5e-13 for variances since the derivatives are analytic and the optimum is
 * polished by Newton steps on them (decision 0015; before: df 1.7e-7 to 5.8e-6 off with Richardson
 * derivatives, tolerance 1e-4). lmerTest itself is 1e-5 to 9e-5 off these df here (numDeriv and
 * optimiser noise), so the closed forms, not lmerTest, are the reference on this fixture.
 */
class MixedModelLargeDataTest {

    static DataTable data;
    static Map<String, Double> exact;

    @BeforeAll
    static void generate() throws IOException {
        Map<String, Double> check = RReference.load("large_df_check.csv");
        exact = RReference.load("large_df_exact_expected.csv");
        int n = 256_000;
        double[] alliance = new double[n];
        double[] session = new double[n];
        String[] group = new String[n];
        String[] member = new String[n];
        long state = 20261129L;
        long sumN = 0;
        int row = 0;
        long[] k = new long[18];
        for (int g = 1; g <= 2000; g++) {
            long kg = 0;
            for (int j = 0; j < 12; j++) {
                state = state * 48271L % 2147483647L;
                kg += state;
            }
            kg -= 6L << 31;
            for (int m = 1; m <= 8; m++) {
                for (int i = 0; i < 18; i++) {
                    long sum = 0;
                    for (int j = 0; j < 12; j++) {
                        state = state * 48271L % 2147483647L;
                        sum += state;
                    }
                    k[i] = sum - (6L << 31);
                }
                for (int s = 1; s <= 16; s++) {
                    long v = (4L << 36) + 16 * kg + 24 * k[0] + ((1L << 32) + k[1]) * s + 24 * k[1 + s];
                    alliance[row] = v / 68719476736.0;
                    session[row] = s;
                    group[row] = Integer.toString(g);
                    member[row] = Integer.toString((g - 1) * 8 + m);
                    row++;
                    sumN += v;
                }
            }
        }
        assertThat(state).isEqualTo(check.get("lcg.last_state").longValue());
        assertThat(sumN).isEqualTo(check.get("sum.alliance_times_2_36.hi").longValue() * (1L << 20) + check.get("sum.alliance_times_2_36.lo").longValue());
        data = new DataTable(n, List.of(new DataTable.Column("alliance", alliance, null), new DataTable.Column("session", session, null),
                new DataTable.Column("group_id", null, group), new DataTable.Column("member_id", null, member)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "slopes_reml;alliance ~ session + (1 + session | member_id);REML",
            "slopes_ml;alliance ~ session + (1 + session | member_id);ML",
            "nested_reml;alliance ~ session + (1 | group_id/member_id);REML",
            "nested_ml;alliance ~ session + (1 | group_id/member_id);ML"})
    void agrees_with_the_closed_forms(String name, String formula, String est) {
        MixedModel.Result r = MixedModel.fit(Formula.parse(formula), data, MixedModel.Estimation.valueOf(est));
        assertThat(r.converged()).as(name + " " + r.warnings()).isTrue();
        String prefix = name + ".exact.fe.";
        TreeSet<String> terms = new TreeSet<>();
        exact.keySet().stream().filter(key -> key.startsWith(prefix) && key.endsWith(".df"))
                .forEach(key -> terms.add(key.substring(prefix.length(), key.length() - 3)));
        assertThat(terms).hasSize(2);
        assertThat(r.fixedEffects()).hasSize(terms.size());
        for (MixedModel.FixedEffect fe : r.fixedEffects()) {
            assertThat(terms).contains(fe.term());
            String key = prefix + fe.term();
            System.out.printf("%s %s: df %.6f (exact %.6f, rel %.2e), se rel %.2e%n", name, fe.term(), fe.df(), exact.get(key + ".df"),
                    fe.df() / exact.get(key + ".df") - 1, fe.se() / exact.get(key + ".se") - 1);
            assertThat(fe.estimate()).as(key + ".estimate").isCloseTo(exact.get(key + ".estimate"),
                    org.assertj.core.api.Assertions.within(1e-9 * Math.abs(exact.get(key + ".estimate"))));
            assertThat(fe.se()).as(key + ".se").isCloseTo(exact.get(key + ".se"), org.assertj.core.api.Assertions.within(1e-9 * exact.get(key + ".se")));
            assertThat(fe.df()).as(key + ".df").isCloseTo(exact.get(key + ".df"), org.assertj.core.api.Assertions.within(1e-9 * exact.get(key + ".df")));
        }
        Map<String, Double> variances = new java.util.HashMap<>();
        r.varianceComponents().stream().filter(v -> v.var2() == null).forEach(v -> variances.put(v.group() + "." + (v.var1() == null ? "NA" : v.var1()), v.vcov()));
        for (MixedModel.VarianceComponent vc : r.varianceComponents()) {
            String key = name + ".exact.vc." + vc.group() + "." + (vc.var1() == null ? "NA" : vc.var1()) + "." + (vc.var2() == null ? "NA" : vc.var2()) + ".vcov";
            assertThat(exact).as("closed form for %s", key).containsKey(key);
            double scale = vc.var2() == null ? Math.abs(exact.get(key))
                    : Math.sqrt(variances.get(vc.group() + "." + vc.var1()) * variances.get(vc.group() + "." + vc.var2()));
            System.out.printf("%s: %.12g (exact %.12g, rel %.2e)%n", key, vc.vcov(), exact.get(key), (vc.vcov() - exact.get(key)) / scale);
            assertThat(vc.vcov()).as(key).isCloseTo(exact.get(key), org.assertj.core.api.Assertions.within(1e-8 * scale));
        }
    }
}
