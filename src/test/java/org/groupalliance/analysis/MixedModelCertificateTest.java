package org.groupalliance.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import org.groupalliance.analysis.data.CsvReader;
import org.groupalliance.analysis.data.DataTable;
import org.groupalliance.analysis.model.Formula;
import org.junit.jupiter.api.Test;

/**
 * The convergence certificate: {@code converged: true} only at a certified optimum, and a fit that
 * stops early says so and reports no df, p or intervals.
 */
class MixedModelCertificateTest {

    static DataTable data(String file, Formula f) throws IOException {
        return CsvReader.read(RReference.DIR.resolve(file), f.variables(), f.groupingFactors(), Set.of(f.response()));
    }

    @Test
    void the_certificate_accepts_lme4s_optimum_and_refuses_the_old_stall() throws IOException {
        Map<String, Double> r = RReference.load("null_models_expected.csv");
        Formula f = Formula.parse("WBEING ~ 1 + (1 | GRP)");
        MixedModel.Probe probe = new MixedModel.Probe(f, data("bh1996.csv", f), MixedModel.Estimation.REML);
        assertThat(probe.certificate(new double[] {r.get("bh1996_wbeing_reml.theta.1")})).isNull();
        // where the pre-#8 search stopped and called it converged: past the inflection point of the criterion
        assertThat(probe.certificate(new double[] {0.5})).contains("not positive definite");
        assertThat(probe.certificate(new double[] {0.2})).contains("gradient");
        // on the boundary, but the criterion falls into the interior: no boundary optimum either
        assertThat(probe.certificate(new double[] {0})).contains("boundary");
    }

    @Test
    void a_boundary_optimum_is_certified_when_the_criterion_rises_into_the_interior() throws IOException {
        Formula f = Formula.parse("y ~ 1 + (1 | group)");
        MixedModel.Probe probe = new MixedModel.Probe(f, data("null_zero_between.csv", f), MixedModel.Estimation.REML);
        assertThat(probe.certificate(new double[] {0})).isNull();
        assertThat(probe.certificate(new double[] {0.3})).isNotNull();
    }

    @Test
    void a_saddle_or_ridge_of_a_random_slope_model_is_refused() throws IOException {
        Formula f = Formula.parse("Reaction ~ Days + (Days | Subject)");
        MixedModel.Probe probe = new MixedModel.Probe(f, data("sleepstudy.csv", f), MixedModel.Estimation.REML);
        MixedModel.Result fit = MixedModel.fit(f, data("sleepstudy.csv", f), MixedModel.Estimation.REML);
        assertThat(fit.converged()).isTrue();
        assertThat(probe.certificate(fit.theta())).isNull();
        // lme4's start value: not an optimum
        assertThat(probe.certificate(new double[] {1, 0, 1})).isNotNull();
    }

    @Test
    void at_the_evaluation_limit_the_fit_is_not_converged_and_reports_no_df_p_or_interval() throws IOException {
        Formula f = Formula.parse("alliance ~ session + (1 | group_id) + (1 + session | member_id)");
        MixedModel.Result r = MixedModel.fit(f, data("group_sessions.csv", f), MixedModel.Estimation.REML,
                new MixedModel.Settings(20, 0.95));
        assertThat(r.converged()).isFalse();
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith("not converged").contains("20 evaluations")
                .contains("df, p and confidence intervals are not reported").contains("Simplify the random effects"));
        assertThat(r.fixedEffects()).isNotEmpty().allSatisfy(fe -> {
            assertThat(fe.df()).isNaN();
            assertThat(fe.p()).isNaN();
            assertThat(fe.ciLower()).isNaN();
            assertThat(fe.ciUpper()).isNaN();
            assertThat(fe.estimate()).isFinite();
        });
        // the one-parameter search too
        Formula g = Formula.parse("WBEING ~ 1 + (1 | GRP)");
        MixedModel.Result one = MixedModel.fit(g, data("bh1996.csv", g), MixedModel.Estimation.REML, new MixedModel.Settings(5, 0.95));
        assertThat(one.converged()).isFalse();
        assertThat(one.fixedEffects()).allSatisfy(fe -> assertThat(fe.p()).isNaN());
    }

    @Test
    void every_reported_number_is_finite_and_p_lies_in_the_unit_interval() throws IOException {
        Formula f = Formula.parse("alliance ~ session + (1 | group_id/member_id)");
        MixedModel.Result r = MixedModel.fit(f, data("group_sessions.csv", f), MixedModel.Estimation.REML, new MixedModel.Settings(100_000, 0.9));
        assertThat(r.converged()).isTrue();
        assertThat(r.fixedEffects()).allSatisfy(fe -> {
            assertThat(fe.se()).isPositive().isFinite();
            assertThat(fe.df()).isPositive().isFinite();
            assertThat(fe.p()).isBetween(0.0, 1.0);
            double q = Tails.tQuantile(0.95, fe.df());
            assertThat(fe.ciLower()).isCloseTo(fe.estimate() - q * fe.se(), org.assertj.core.api.Assertions.within(1e-12 * Math.abs(fe.estimate()) + 1e-12));
            assertThat(fe.ciUpper()).isCloseTo(fe.estimate() + q * fe.se(), org.assertj.core.api.Assertions.within(1e-12 * Math.abs(fe.estimate()) + 1e-12));
        });
    }
}
