package org.groupalliance.analysis;

import java.util.Arrays;
import java.util.List;

import org.groupalliance.analysis.MixedModel.Ddf;
import org.groupalliance.analysis.MixedModel.FixedEffect;

/**
 * Inference for the fixed effects of a {@link MixedModel}: lmerTest's Satterthwaite df, and t, p and
 * the confidence interval of a coefficient from its estimate, se and df (Satterthwaite or
 * Kenward–Roger).
 */
final class FixedEffectInference {

    private FixedEffectInference() {
    }

    /**
     * One fixed effect's t, p and interval from its estimate, se and df, where nothing undefined
     * passes as a number: a se that is not positive and finite, a df that is not (when the fit is
     * converged, otherwise df is not reported anyway) or a p outside [0, 1] becomes NaN (null in
     * JSON) with the reason in {@code warnings}.
     */
    static FixedEffect inference(String name, double estimate, double se, double df, boolean converged, Ddf ddf, double level,
                                 List<String> warnings) {
        if (!(Double.isFinite(se) && se > 0)) {
            warnings.add(name + ": the standard error is not a positive finite number (" + se + "); se, t, df, p and the confidence interval are null");
            return new FixedEffect(name, estimate, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double t = estimate / se;
        if (!converged) {
            df = Double.NaN;
        } else if (!(df > 0 && Double.isFinite(df))) {
            warnings.add(name + ": the " + ddf.label() + " df could not be computed (" + df + "); df, p and the confidence interval are null");
            df = Double.NaN;
        }
        double pv = Double.isNaN(df) ? Double.NaN : Tails.tTwoSided(t, df);
        if (!Double.isNaN(pv) && !(pv >= 0 && pv <= 1)) {
            warnings.add(name + ": p fell outside [0, 1] (" + pv + "); reported as null");
            pv = Double.NaN;
        }
        double half = Double.isNaN(df) ? Double.NaN : Tails.tQuantile(0.5 + level / 2, df) * se;
        return new FixedEffect(name, estimate, se, df, t, pv, estimate - half, estimate + half);
    }

    /**
     * lmerTest's Satterthwaite df from the Hessian H of the deviance in φ = (θ, σ):
     * {@code df_j = 2 V_jj² / (∇V_jj' A ∇V_jj)}, {@code A = 2 H⁻¹}, {@code V = σ² (R_X'R_X)⁻¹}.
     */
    static double[] satterthwaite(NestedElimination elimination, double[] phi, double[][] h) {
        int p = elimination.p;
        int k = phi.length - 1;
        double[][] a;
        try {
            a = new org.apache.commons.math3.linear.LUDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(h))
                    .getSolver().getInverse().scalarMultiply(2).getData();
        } catch (org.apache.commons.math3.linear.SingularMatrixException e) {
            double[] nan = new double[p];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        // Var(β̂)_jj as a function of φ = (θ, σ), all coefficients from the same evaluations
        java.util.function.Function<double[], double[]> variances = v -> {
            NestedElimination.Eval e = elimination.evaluate(Arrays.copyOf(v, k));
            double[][] inv = Dense.inverseFromCholesky(e.rX());
            double[] out = new double[p];
            for (int j = 0; j < p; j++) {
                out[j] = v[k] * v[k] * inv[j][j];
            }
            return out;
        };
        double[][] jac = Derivatives.jacobian(variances, phi);
        double[] var = variances.apply(phi);
        double[] dfs = new double[p];
        for (int j = 0; j < p; j++) {
            double quad = 0;
            for (int r = 0; r <= k; r++) {
                for (int c = 0; c <= k; c++) {
                    quad += jac[j][r] * a[r][c] * jac[j][c];
                }
            }
            dfs[j] = 2 * var[j] * var[j] / quad;
        }
        return dfs;
    }
}
