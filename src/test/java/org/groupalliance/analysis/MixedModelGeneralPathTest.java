package org.groupalliance.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
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
 * Models that take the general elimination path of {@link MixedModel} (not the unrolled 1×1 and
 * 2×2 kernels): three correlated random effects per member, the same nested in groups, and a
 * group-level random slope over members, REML and ML, against lme4 + lmerTest
 * ({@code general_path.R}, README-rfix.md section 2). Before issue #8 no test took this path.
 */
class MixedModelGeneralPathTest {

    static LmerReference ref;

    @BeforeAll
    static void load() throws IOException {
        ref = new LmerReference(RReference.load("general_path_expected.csv"));
    }

    static Stream<Arguments> models() {
        String[][] sets = {
                {"quad", "y_quad ~ session + s2 + (1 + session + s2 | member_id)"},
                {"quad_group", "y_quad ~ session + s2 + (1 | group_id) + (1 + session + s2 | member_id)"},
                {"gslope", "y_gx ~ session + x + (1 + x | group_id) + (1 | member_id)"}};
        List<Arguments> out = new ArrayList<>();
        for (String[] s : sets) {
            out.add(Arguments.of(s[0] + "_reml", s[1], MixedModel.Estimation.REML));
            out.add(Arguments.of(s[0] + "_ml", s[1], MixedModel.Estimation.ML));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("models")
    void agrees_with_lme4_and_lmertest(String name, String formula, MixedModel.Estimation est) throws IOException {
        Formula f = Formula.parse(formula);
        DataTable data = CsvReader.read(RReference.DIR.resolve("general_path.csv"), f.variables(), f.groupingFactors(), Set.of(f.response()));
        MixedModel.Result r = MixedModel.fit(f, data, est);
        ref.check(name, r);
        // θ as lme4's getME(fit, "theta"), in lme4's order: the member term first, then the group term
        List<String> thetaKeys = new ArrayList<>(ref.names(name + ".theta.", ""));
        assertThat(r.theta()).hasSize(thetaKeys.size());
    }

    @Test
    void every_model_in_the_reference_is_tested() {
        Set<String> tested = new HashSet<>();
        models().forEach(a -> tested.add((String) a.get()[0]));
        assertThat(tested).containsExactlyInAnyOrderElementsOf(ref.names("", ".n_fe"));
    }
}
