package org.groupalliance.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 * Null models {@code y ~ 1 + (1 | g)} of public data sets (multilevel's bh1996, lq2002, univbct;
 * nlme's Orthodont, Ovary, Rail; a synthetic set with zero between-group variance), REML and ML,
 * against lme4 + lmerTest ({@code null_models.R}, see README-rfix.md). The first model of every
 * multilevel analysis: before issue #8 the one-parameter search stalled at θ = 0.5 on bh1996.
 */
class MixedModelNullModelsAgreeWithRTest {

    static LmerReference ref;

    @BeforeAll
    static void load() throws IOException {
        ref = new LmerReference(RReference.load("null_models_expected.csv"));
    }

    static Stream<Arguments> models() {
        List<Arguments> out = new ArrayList<>();
        String[][] sets = {
                {"bh1996_wbeing", "bh1996.csv", "WBEING ~ 1 + (1 | GRP)"},
                {"bh1996_hrs", "bh1996.csv", "HRS ~ 1 + (1 | GRP)"},
                {"bh1996_lead", "bh1996.csv", "LEAD ~ 1 + (1 | GRP)"},
                {"lq2002_lead", "lq2002.csv", "LEAD ~ 1 + (1 | COMPID)"},
                {"lq2002_tsig", "lq2002.csv", "TSIG ~ 1 + (1 | COMPID)"},
                {"lq2002_hostile", "lq2002.csv", "HOSTILE ~ 1 + (1 | COMPID)"},
                {"univbct_jsat", "univbct.csv", "JSAT ~ 1 + (1 | SUBNUM)"},
                {"univbct_commit", "univbct.csv", "COMMIT ~ 1 + (1 | SUBNUM)"},
                {"univbct_ready", "univbct.csv", "READY ~ 1 + (1 | SUBNUM)"},
                {"orthodont_distance", "orthodont.csv", "distance ~ 1 + (1 | Subject)"},
                {"ovary_follicles", "ovary.csv", "follicles ~ 1 + (1 | Mare)"},
                {"rail_travel", "rail.csv", "travel ~ 1 + (1 | Rail)"},
                {"zero_between_y", "null_zero_between.csv", "y ~ 1 + (1 | group)"}};
        for (String[] s : sets) {
            out.add(Arguments.of(s[0] + "_reml", s[1], s[2], MixedModel.Estimation.REML));
            out.add(Arguments.of(s[0] + "_ml", s[1], s[2], MixedModel.Estimation.ML));
        }
        return out.stream();
    }

    static MixedModel.Result fit(String file, String formula, MixedModel.Estimation est) throws IOException {
        Formula f = Formula.parse(formula);
        DataTable data = CsvReader.read(RReference.DIR.resolve(file), f.variables(), f.groupingFactors(), Set.of(f.response()));
        return MixedModel.fit(f, data, est);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("models")
    void agrees_with_lme4_and_lmertest(String name, String file, String formula, MixedModel.Estimation est) throws IOException {
        ref.check(name, fit(file, formula, est));
    }

    @Test
    void every_null_model_in_the_reference_is_tested() {
        Set<String> tested = new java.util.HashSet<>();
        models().forEach(a -> tested.add((String) a.get()[0]));
        assertThat(tested).containsExactlyInAnyOrderElementsOf(ref.names("", ".n_fe"));
    }

    /** Balanced one-way layouts have closed forms (REML: σ² = MSW, τ² = (MSB − MSW)/n, df = J − 1). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void balanced_sets_match_the_closed_form(String name, String file, String formula, MixedModel.Estimation est) throws IOException {
        if (!ref.has(name + ".exact.df")) {
            return;
        }
        MixedModel.Result r = fit(file, formula, est);
        MixedModel.FixedEffect fe = r.fixedEffects().get(0);
        ref.near(name + ".exact.estimate", fe.estimate(), 1e-10);
        ref.near(name + ".exact.se", fe.se(), 1e-7);
        ref.near(name + ".exact.df", fe.df(), 1e-6);
        ref.near(name + ".exact.vc_group", r.varianceComponents().get(0).vcov(), 1e-7);
        ref.near(name + ".exact.vc_residual", r.varianceComponents().get(1).vcov(), 1e-7);
    }
}
