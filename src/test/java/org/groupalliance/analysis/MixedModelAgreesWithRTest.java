package org.groupalliance.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.groupalliance.analysis.data.CsvReader;
import org.groupalliance.analysis.data.DataTable;
import org.groupalliance.analysis.model.Formula;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mixed models against lme4 + lmerTest ({@code src/test/resources/analysis/mixed_models.R}, best of
 * three tight optimizers), compared by {@link LmerReference}: looped over R's terms and variance
 * components with counts checked, p on the log scale.
 */
class MixedModelAgreesWithRTest {

    static final Path DIR = RReference.DIR;
    static Map<String, Double> expected;

    @BeforeAll
    static void load() throws IOException {
        expected = RReference.load("mixed_models_expected.csv");
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("sleep_reml", "sleepstudy.csv", "Reaction ~ Days + (Days | Subject)", MixedModel.Estimation.REML),
                Arguments.of("sleep_ml", "sleepstudy.csv", "Reaction ~ Days + (Days | Subject)", MixedModel.Estimation.ML),
                Arguments.of("nested_reml", "group_sessions.csv", "alliance ~ session + (1 | group_id/member_id)", MixedModel.Estimation.REML),
                Arguments.of("nested_ml", "group_sessions.csv", "alliance ~ session + (1 | group_id/member_id)", MixedModel.Estimation.ML),
                Arguments.of("slopes_reml", "group_sessions.csv", "alliance ~ session + (1 | group_id) + (1 + session | member_id)", MixedModel.Estimation.REML),
                Arguments.of("factor_reml", "group_sessions.csv", "outcome ~ alliance * phase + (1 | member_id)", MixedModel.Estimation.REML));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("models")
    void agrees_with_lme4_and_lmertest(String name, String file, String formulaText, MixedModel.Estimation est) throws IOException {
        Formula f = Formula.parse(formulaText);
        DataTable data = CsvReader.read(DIR.resolve(file), f.variables(), f.groupingFactors(), Set.of(f.response()));
        new LmerReference(expected).check(name, MixedModel.fit(f, data, est));
    }

    /**
     * Confidence intervals with the Satterthwaite df, as lmerTest's
     * {@code contest(fit, c(0, 1), joint = FALSE, confint = TRUE, level = 0.9)} on sleepstudy
     * (R 4.2.2, lmerTest 3.1.3, bobyqa rhoend = 1e-12; printed with 15 digits). Tolerance: the
     * estimate's 1e-6 relative plus the se's 1e-4 relative times the half-width's quantile.
     */
    @org.junit.jupiter.api.Test
    void confidence_intervals_agree_with_lmertest_contest() throws IOException {
        Formula f = Formula.parse("Reaction ~ Days + (Days | Subject)");
        DataTable data = CsvReader.read(DIR.resolve("sleepstudy.csv"), f.variables(), f.groupingFactors(), Set.of(f.response()));
        MixedModel.Result r = MixedModel.fit(f, data, MixedModel.Estimation.REML, new MixedModel.Settings(100_000, 0.9));
        MixedModel.FixedEffect days = r.fixedEffects().stream().filter(fe -> fe.term().equals("Days")).findFirst().orElseThrow();
        double halfWidth = (13.1563507924045 - 7.77822112678758) / 2;
        double tol = 1e-6 * 10.467285959596 + 1e-4 * halfWidth;
        org.assertj.core.api.Assertions.assertThat(days.ciLower()).isCloseTo(7.77822112678758, org.assertj.core.api.Assertions.within(tol));
        org.assertj.core.api.Assertions.assertThat(days.ciUpper()).isCloseTo(13.1563507924045, org.assertj.core.api.Assertions.within(tol));
    }
}
