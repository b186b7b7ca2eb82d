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
     * lmerTest's Satterthwaite (1946) df (Kuznetsova et al. 2017, section 3.3) from the analytic
     * derivatives of {@link VarianceDerivatives} at the optimum: with H the Hessian of the deviance
     * in φ = (θ, σ), {@code A = 2 H⁻¹} (the asymptotic covariance of φ̂) and the gradient
     * {@code ∇V_jj} of {@code V_jj = Var(β̂)_jj = σ² [(X'V₀⁻¹X)⁻¹]_jj} in φ,
     * {@code df_j = 2 V_jj² / (∇V_jj' A ∇V_jj)}. NaN for all coefficients when H is singular.
     */
    static double[] satterthwaite(VarianceDerivatives.PhiDerivatives d) {
        double[][] h = d.hessian();
        double[] var = d.variance();
        int p = var.length;
        int k1 = h.length;
        double[][] a;
        try {
            a = new org.apache.commons.math3.linear.LUDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(h))
                    .getSolver().getInverse().scalarMultiply(2).getData();
        } catch (org.apache.commons.math3.linear.SingularMatrixException e) {
            double[] nan = new double[p];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        double[][] jac = d.varianceJacobian();
        double[] dfs = new double[p];
        for (int j = 0; j < p; j++) {
            double quad = 0;
            for (int r = 0; r < k1; r++) {
                for (int c = 0; c < k1; c++) {
                    quad += jac[j][r] * a[r][c] * jac[j][c];
                }
            }
            dfs[j] = 2 * var[j] * var[j] / quad;
        }
        return dfs;
    }
}
