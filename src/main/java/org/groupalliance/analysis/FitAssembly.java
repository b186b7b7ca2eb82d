package org.groupalliance.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.groupalliance.analysis.MixedModel.Ddf;
import org.groupalliance.analysis.MixedModel.Estimation;
import org.groupalliance.analysis.MixedModel.FixedEffect;
import org.groupalliance.analysis.MixedModel.Result;
import org.groupalliance.analysis.MixedModel.Settings;
import org.groupalliance.analysis.MixedModel.VarianceComponent;

/**
 * Assembles a {@link MixedModel.Result} from the optimum of θ: σ and β̂ (with the mean of y added
 * back to the intercept), the convergence and singularity warnings, the fixed effects with
 * Satterthwaite inference, the variance components σ² ΛΛ' (as R's {@code VarCorr}), and
 * logLik, AIC and BIC as lme4.
 */
final class FitAssembly {

    private FitAssembly() {
    }

    static Result assemble(NestedElimination elimination, ThetaOptimiser optimiser, ThetaOptimiser.Optimum optimum, Estimation est,
                           int interceptColumn, double yShift, List<String> fixedNames, Map<String, Integer> nGroups, int nDropped,
                           long start, Settings settings) {
        int n = elimination.n;
        int p = elimination.p;
        RandomTermDesign inner = elimination.inner;
        RandomTermDesign outer = elimination.outer;
        int k = NestedElimination.thetaSize(inner) + NestedElimination.thetaSize(outer);
        boolean[] diag = optimiser.isDiagonal();
        List<String> warnings = new ArrayList<>();
        double[] theta = optimum.theta();
        boolean limit = optimum.limit();
        ThetaOptimiser.Certificate cert = optimum.certificate();
        boolean singular = false;
        for (int i = 0; i < k; i++) {
            if (diag[i] && Math.abs(theta[i]) < ThetaOptimiser.BOUNDARY) {
                singular = true;
            }
        }
        NestedElimination.Eval e = elimination.evaluate(theta);
        double dev = optimiser.profiledDeviance(theta, est);
        double sigma2 = est == Estimation.REML ? e.r2() / (n - p) : e.r2() / n;
        double sigma = Math.sqrt(sigma2);
        double[][] xtxInv = Dense.inverseFromCholesky(e.rX());
        double[] beta = Dense.backSolveTransposed(e.rX(), Dense.forwardSolve(e.rX(), e.xtyReduced()));
        if (interceptColumn >= 0) {
            beta[interceptColumn] += yShift;
        }

        boolean converged;
        double[] dfs = new double[p];
        Arrays.fill(dfs, Double.NaN);
        if (limit) {
            converged = false;
            warnings.add("not converged: the optimiser used its " + settings.maxEvaluations() + " evaluations of the criterion; the estimates are the best"
                    + " point found, not an optimum, and df, p and confidence intervals are not reported. Simplify the random effects"
                    + " (e.g. drop a random slope) or rescale covariates so their variances are of similar size");
        } else {
            converged = cert.ok();
            if (!converged) {
                warnings.add("not converged: " + cert.reason() + "; df, p and confidence intervals are not reported. Simplify the random"
                        + " effects (e.g. drop a random slope or a level) or rescale covariates so their variances are of similar size");
            } else {
                dfs = FixedEffectInference.satterthwaite(optimum.derivatives());
            }
        }
        if (singular) {
            warnings.add("boundary (singular) fit: a random-effect variance is estimated as (near) zero; simplify the random effects");
        }
        List<FixedEffect> fixed = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            fixed.add(FixedEffectInference.inference(fixedNames.get(j), beta[j], Math.sqrt(sigma2 * xtxInv[j][j]), dfs[j], converged, Ddf.SATTERTHWAITE,
                    settings.level(), warnings));
        }
        List<VarianceComponent> vc = new ArrayList<>();
        int offset = 0;
        for (RandomTermDesign t : outer == null ? List.of(inner) : List.of(inner, outer)) {
            double[] l = NestedElimination.flatLambda(theta, offset, t.q());
            offset += NestedElimination.thetaSize(t);
            double[][] cov = new double[t.q()][t.q()]; // Λ Λ'
            for (int a = 0; a < t.q(); a++) {
                for (int b = 0; b < t.q(); b++) {
                    for (int c = 0; c < t.q(); c++) {
                        cov[a][b] += l[a * t.q() + c] * l[b * t.q() + c];
                    }
                }
            }
            for (int a = 0; a < t.q(); a++) {
                double v = sigma2 * cov[a][a];
                vc.add(new VarianceComponent(t.group(), t.names().get(a), null, v, Math.sqrt(v)));
            }
            for (int a = 0; a < t.q(); a++) {
                for (int b = a + 1; b < t.q(); b++) {
                    double c = sigma2 * cov[a][b];
                    double corr = cov[a][b] / Math.sqrt(cov[a][a] * cov[b][b]);
                    vc.add(new VarianceComponent(t.group(), t.names().get(a), t.names().get(b), c, corr));
                }
            }
        }
        vc.add(new VarianceComponent("Residual", null, null, sigma2, sigma));
        double logLik = -dev / 2;
        int npar = p + k + 1;
        double aic = -2 * logLik + 2 * npar;
        double bic = -2 * logLik + npar * Math.log(n);
        return new Result(est, n, nDropped, nGroups, fixed, vc, logLik, aic, bic, converged, singular, warnings, theta, sigma,
                (System.nanoTime() - start) / 1e9, Ddf.SATTERTHWAITE);
    }
}
