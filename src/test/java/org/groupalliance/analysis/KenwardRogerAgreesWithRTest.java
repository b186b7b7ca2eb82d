package org.groupalliance.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.groupalliance.analysis.data.CsvReader;
import org.groupalliance.analysis.data.DataTable;
import org.groupalliance.analysis.model.Formula;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kenward–Roger inference against {@code lmerTest::summary(fit, ddf = "Kenward-Roger")} (pbkrtest
 * 0.5; {@code src/test/resources/analysis/kenward_roger.R}, best of three tight REML optimizers).
 * For every fixed effect R reports (the loop is over R's terms; the counts must match): the
 * adjusted standard error, df and t to 1e-4 relative, the 95 % interval to 1e-4 of its half-width,
 * the estimate and the unadjusted standard error as a check of the fit, and p relative to its own size.
 */
class KenwardRogerAgreesWithRTest {

    static final Path DIR = RReference.DIR;
    static Map<String, Double> expected;

    @BeforeAll
    static void load() throws IOException {
        expected = RReference.load("kenward_roger_expected.csv");
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("sleep_slopes", "sleepstudy.csv", "Reaction ~ Days + (Days | Subject)"),
                Arguments.of("sleep_intercept", "sleepstudy.csv", "Reaction ~ Days + (1 | Subject)"),
                Arguments.of("nested", "group_sessions.csv", "alliance ~ session + (1 | group_id/member_id)"),
                Arguments.of("arm_intercept", "group_arm.csv", "outcome ~ arm + session + (1 | group_id)"),
                Arguments.of("arm_nested", "group_arm.csv", "outcome ~ arm * session + (1 | group_id/member_id)"),
                Arguments.of("therapy_nested", "therapy_small.csv", "symptoms ~ condition * session + baseline + (1 | group_id/member_id)"),
                Arguments.of("therapy_slopes", "therapy_small.csv", "symptoms ~ condition * session + (1 | group_id) + (1 + session | member_id)"),
                Arguments.of("therapy_group", "therapy_small.csv", "symptoms ~ condition + session + (1 | group_id)"),
                // boundary fits: member variance 0; member covariance of rank 1 (correlation -1)
                Arguments.of("singular_nested", "group_sessions.csv", "outcome ~ alliance * phase + (1 | group_id/member_id)"),
                Arguments.of("singular_slopes", "group_arm.csv", "outcome ~ arm * session + (1 | group_id) + (1 + session | member_id)"));
    }

    static DataTable read(String file, Formula f) throws IOException {
        return CsvReader.read(DIR.resolve(file), f.variables(), f.groupingFactors(), Set.of(f.response()));
    }

    static void near(String key, double actual, double relTol) {
        Double e = expected.get(key);
        assertThat(e).as("reference value %s exists", key).isNotNull();
        assertEquals(e, actual, relTol * Math.abs(e), key);
    }

    /** R's fixed-effect terms of a model, in R's order (from the keys "name.fe.TERM.se"). */
    static List<String> rTerms(String name) {
        int count = expected.get(name + ".n_fixed").intValue();
        List<String> terms = new ArrayList<>();
        String prefix = name + ".fe.";
        for (String key : expected.keySet()) {
            if (key.startsWith(prefix) && key.endsWith(".se_unadjusted")) {
                terms.add(key.substring(prefix.length(), key.length() - ".se_unadjusted".length()));
            }
        }
        assertThat(terms).as("R's terms of %s", name).hasSize(count);
        return terms;
    }

    /**
     * The algorithm alone: KR at R's VarCorr, σ and estimates, for every model. Agreement is at
     * rounding level (seen: ≤ 1e-10 relative, mostly ~1e-13), so the tolerance is 1e-9.
     */
    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("models")
    void at_r_variance_parameters_agrees_with_pbkrtest(String name, String file, String formulaText) throws IOException {
        Formula f = Formula.parse(formulaText);
        DataTable data = read(file, f);
        List<String> terms = rTerms(name);
        Map<String, Double> beta = new HashMap<>();
        terms.forEach(t -> beta.put(t, expected.get(name + ".fe." + t + ".estimate")));
        List<MixedModel.VarianceComponent> vcs = new ArrayList<>();
        String prefix = name + ".vc|";
        expected.forEach((key, v) -> {
            if (key.startsWith(prefix)) {
                String[] parts = key.substring(prefix.length()).split("\\|", -1);
                vcs.add(new MixedModel.VarianceComponent(parts[0], parts[1], parts[2].equals("NA") ? null : parts[2], v, Double.NaN));
            }
        });
        KenwardRoger.Result kr = KenwardRoger.adjust(f, data, vcs, expected.get(name + ".sigma"), beta, 0.95);
        check(name, terms, kr, 1e-9);
    }

    /** End to end: our REML fit (which must reach R's REML criterion to 1e-6), then KR, for every model. */
    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("models")
    void with_our_fit_agrees_with_lmertest_kenward_roger(String name, String file, String formulaText) throws IOException {
        Formula f = Formula.parse(formulaText);
        DataTable data = read(file, f);
        MixedModel.Result fit = MixedModel.fit(f, data, MixedModel.Estimation.REML);
        assertEquals(expected.get(name + ".logLik"), fit.logLik(), 1e-6, name + ".logLik (same optimum as R)");
        check(name, rTerms(name), KenwardRoger.adjust(f, data, fit), 1e-4);
    }

    static void check(String name, List<String> terms, KenwardRoger.Result kr, double tol) {
        assertThat(kr.coefficients()).as("one coefficient per R term").hasSize(terms.size());
        Map<String, KenwardRoger.Coefficient> ours = new HashMap<>();
        kr.coefficients().forEach(c -> ours.put(c.term(), c));
        double[][] phi = kr.vcovUnadjusted();
        List<String> order = kr.coefficients().stream().map(KenwardRoger.Coefficient::term).toList();
        for (String term : terms) {
            KenwardRoger.Coefficient c = ours.get(term);
            assertThat(c).as("%s: term %s", name, term).isNotNull();
            String k = name + ".fe." + term;
            int j = order.indexOf(term);
            double se = expected.get(k + ".se");
            // an estimate near 0 is compared on the scale of its standard error
            assertEquals(expected.get(k + ".estimate"), c.estimate(), 1e-6 * Math.max(Math.abs(expected.get(k + ".estimate")), se), k + ".estimate");
            near(k + ".se_unadjusted", Math.sqrt(phi[j][j]), tol);
            near(k + ".se", c.se(), tol);
            near(k + ".df", c.df(), tol);
            double halfWidth = expected.get(k + ".ci_upper") - expected.get(k + ".estimate");
            assertEquals(expected.get(k + ".ci_lower"), c.ciLower(), tol * halfWidth, k + ".ci_lower");
            assertEquals(expected.get(k + ".ci_upper"), c.ciUpper(), tol * halfWidth, k + ".ci_upper");
            assertEquals(expected.get(k + ".t"), c.t(), tol * Math.max(Math.abs(expected.get(k + ".t")), 1), k + ".t");
            // p follows from t and df: allow what a relative error tol in t and df moves it by
            // (|d ln p / d ln t| is about t² for large t), never less than tol relative
            double e = expected.get(k + ".p");
            double relTol = tol * Math.max(1, 2 * (1 + c.t() * c.t()));
            assertThat(Math.abs(Math.log(c.p() / e))).as("%s.p: ours %s, R %s", k, c.p(), e).isLessThan(relTol);
        }
    }

    /** The adjustment enlarges the covariance, so adjusted SEs are at least the unadjusted ones here. */
    @Test
    void adjusted_standard_errors_are_larger_and_df_small_with_few_groups() throws IOException {
        Formula f = Formula.parse("symptoms ~ condition + session + (1 | group_id)");
        DataTable data = read("therapy_small.csv", f);
        KenwardRoger.Result kr = KenwardRoger.adjust(f, data, MixedModel.fit(f, data, MixedModel.Estimation.REML));
        double[][] phi = kr.vcovUnadjusted();
        for (int j = 0; j < phi.length; j++) {
            assertThat(kr.coefficients().get(j).se()).isGreaterThan(Math.sqrt(phi[j][j]));
        }
        // a between-group contrast with 6 groups: about 6 - 2 df
        assertThat(kr.coefficients().get(1).df()).isBetween(3.0, 5.0);
    }

    @Test
    void refuses_ml_fits_as_lmertest_does() throws IOException {
        Formula f = Formula.parse("Reaction ~ Days + (Days | Subject)");
        DataTable data = read("sleepstudy.csv", f);
        MixedModel.Result ml = MixedModel.fit(f, data, MixedModel.Estimation.ML);
        assertThatThrownBy(() -> KenwardRoger.adjust(f, data, ml))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REML");
    }

    @Test
    void refuses_a_block_beyond_the_memory_limit_naming_it() {
        // one group with 2,100 members of 2 sessions: one independent block with 2,101 random effects
        // (members and the group) + 2 fixed effects = 2,103 columns, above the limit of 2,000
        int members = 2_100;
        int n = members * 2;
        double[] y = new double[n];
        double[] session = new double[n];
        String[] group = new String[n];
        String[] member = new String[n];
        java.util.Random random = new java.util.Random(1);
        for (int m = 0; m < members; m++) {
            double me = random.nextGaussian();
            for (int s = 0; s < 2; s++) {
                int i = 2 * m + s;
                session[i] = s + 1;
                y[i] = me + 0.1 * s + random.nextGaussian();
                group[i] = "G1";
                member[i] = "M" + m;
            }
        }
        DataTable data = new DataTable(n, List.of(new DataTable.Column("y", y, null), new DataTable.Column("session", session, null),
                new DataTable.Column("group_id", null, group), new DataTable.Column("member_id", null, member)));
        Formula f = Formula.parse("y ~ session + (1 | member_id) + (1 | group_id)");
        MixedModel.Result fit = MixedModel.fit(f, data, MixedModel.Estimation.REML);
        assertThatThrownBy(() -> KenwardRoger.adjust(f, data, fit))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2103 columns")
                .hasMessageContaining("the limit is " + KenwardRoger.MAX_BLOCK_COLUMNS);
    }
}
