package org.groupalliance.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.Set;

import org.groupalliance.analysis.data.CsvReader;
import org.groupalliance.analysis.data.DataTable;
import org.groupalliance.analysis.model.Formula;
import org.junit.jupiter.api.Test;

/**
 * The null model of {@code multilevel::bh1996} (7,382 soldiers in 99 companies), whose optimum
 * θ ≈ 0.21 lies below the first step of the old bracketing grid: the fit stalled at θ = 0.5 and
 * said converged. R 4.2.2, lme4 1.1.31, as quoted in issue #8 (rounded there, so compared to the
 * digits given; they are the ML fit: REML gives 0.0358 for the group variance).
 */
class MixedModelNullModelTest {

    static MixedModel.Result fit(String formula, MixedModel.Estimation est) throws IOException {
        Formula f = Formula.parse(formula);
        DataTable data = CsvReader.read(RReference.DIR.resolve("bh1996.csv"), f.variables(), f.groupingFactors(), Set.of(f.response()));
        return MixedModel.fit(f, data, est);
    }

    @Test
    void bh1996_wellbeing_null_model_reaches_lme4s_optimum() throws IOException {
        MixedModel.Result r = fit("WBEING ~ 1 + (1 | GRP)", MixedModel.Estimation.ML);
        assertThat(r.varianceComponents()).hasSize(2);
        assertThat(r.varianceComponents().get(0).vcov()).as("group variance").isCloseTo(0.0353, within(0.00005));
        assertThat(r.varianceComponents().get(1).vcov()).as("residual variance").isCloseTo(0.7895, within(0.00005));
        assertThat(r.logLik()).isCloseTo(-9670.8, within(0.05));
        assertThat(r.converged()).isTrue();
        assertThat(r.fixedEffects().get(0).df()).isPositive();
    }
}
