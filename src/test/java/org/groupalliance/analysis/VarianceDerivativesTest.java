package org.groupalliance.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

import org.groupalliance.analysis.MixedModel.Estimation;
import org.groupalliance.analysis.data.CsvReader;
import org.groupalliance.analysis.data.DataTable;
import org.groupalliance.analysis.model.Formula;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The analytic derivatives of {@link VarianceDerivatives} against Richardson-extrapolated central
 * differences ({@link Derivatives}, the numDeriv-like path the engine used before) of the same
 * functions, for every covariance structure the engine fits, REML and ML, at a point θ that is not
 * the optimum and σ 10 % above σ̂(θ) (so no term of the gradient vanishes):
 * the gradient and Hessian of the deviance D(θ, σ) lmerTest differentiates, and the Jacobian of
 * Var(β̂)_jj. Tolerances, relative to the largest entry of the matrix compared: gradient 1e-9,
 * Jacobian 1e-7, Hessian 1e-6 (what the finite differences themselves reach here: a Richardson
 * table over four halvings from steps of 1e-2 relative, the deviance's rounding divided by h²;
 * measured differences 1e-12 to 5e-11, 6e-13 to 3e-9 and 3e-9 to 1e-7).
 */
class VarianceDerivativesTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ';', value = {
            "random intercept;REML;y_quad ~ session + (1 | member_id)",
            "random intercept;ML;y_quad ~ session + (1 | member_id)",
            "nested;REML;y_quad ~ session + (1 | group_id/member_id)",
            "nested;ML;y_quad ~ session + (1 | group_id/member_id)",
            "correlated slopes;REML;y_quad ~ session + (1 + session | member_id)",
            "correlated slopes;ML;y_quad ~ session + (1 + session | member_id)",
            "slopes in groups;REML;y_quad ~ session + (1 | group_id) + (1 + session | member_id)",
            "general path, three effects;REML;y_quad ~ session + s2 + (1 + session + s2 | member_id)",
            "general path, three effects;ML;y_quad ~ session + s2 + (1 + session + s2 | member_id)",
            "general path, group slope;REML;y_gx ~ x + session + (1 + x | group_id) + (1 | member_id)",
            "general path, group slope;ML;y_gx ~ x + session + (1 + x | group_id) + (1 | member_id)"})
    void analytic_derivatives_match_high_precision_finite_differences(String structure, Estimation est, String formula) throws IOException {
        Formula f = Formula.parse(formula);
        DataTable data = CsvReader.read(RReference.DIR.resolve("general_path.csv"), f.variables(), f.groupingFactors(), Set.of(f.response()));
        MixedModel.Probe probe = new MixedModel.Probe(f, data, est);
        NestedElimination el = probe.elimination();
        ThetaOptimiser opt = probe.optimiser();
        boolean[] diag = opt.isDiagonal();
        int k = diag.length;
        double[] theta = new double[k];
        for (int i = 0; i < k; i++) {
            theta[i] = diag[i] ? 0.5 + 0.25 * i : (i % 2 == 0 ? 0.1 : -0.1);
        }
        double r2 = el.evaluate(theta).r2();
        double sigma = 1.1 * Math.sqrt(r2 / (est == Estimation.REML ? el.n - el.p : el.n));
        double[] phi = Arrays.copyOf(theta, k + 1);
        phi[k] = sigma;

        VarianceDerivatives.PhiDerivatives exact = VarianceDerivatives.phi(el, theta, sigma, est);

        double[] gradient = Derivatives.gradient(v -> opt.deviance(Arrays.copyOf(v, k), v[k], est), phi);
        double[][] hessian = Derivatives.hessian(v -> opt.deviance(Arrays.copyOf(v, k), v[k], est), phi);
        double[][] jacobian = Derivatives.jacobian(v -> {
            double[][] inv = Dense.inverseFromCholesky(el.evaluate(Arrays.copyOf(v, k)).rX());
            double[] out = new double[el.p];
            for (int j = 0; j < el.p; j++) {
                out[j] = v[k] * v[k] * inv[j][j];
            }
            return out;
        }, phi);

        compare(structure + " gradient", new double[][] {exact.gradient()}, new double[][] {gradient}, 1e-9);
        compare(structure + " Hessian", exact.hessian(), hessian, 1e-6);
        compare(structure + " Jacobian of Var(beta)", exact.varianceJacobian(), jacobian, 1e-7);
    }

    private static void compare(String what, double[][] exact, double[][] numeric, double tol) {
        double scale = 0;
        for (double[] row : numeric) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        assertThat(exact.length).isEqualTo(numeric.length);
        double worst = 0;
        for (int i = 0; i < exact.length; i++) {
            for (int j = 0; j < exact[i].length; j++) {
                worst = Math.max(worst, Math.abs(exact[i][j] - numeric[i][j]) / scale);
            }
        }
        System.out.printf("%s: largest difference %.2e of the largest entry %.3e%n", what, worst, scale);
        for (int i = 0; i < exact.length; i++) {
            for (int j = 0; j < exact[i].length; j++) {
                assertThat(exact[i][j]).as("%s [%d][%d]", what, i, j).isCloseTo(numeric[i][j], within(tol * scale));
            }
        }
    }
}
