package org.groupalliance.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;
import org.groupalliance.analysis.data.DataTable;
import org.groupalliance.analysis.model.Formula;
import org.groupalliance.analysis.model.ModelMatrix;

/**
 * Linear mixed models fitted by REML or ML, reproducing R's {@code lme4::lmer} and lmerTest's
 * Satterthwaite degrees of freedom, for one random-effect term or two nested ones, e.g.
 * {@code (1 | group/member)}, {@code (1 + session | member)},
 * {@code (1 | group) + (1 + session | member)}.
 *
 * <p><b>Model</b> (Bates et al. 2015, J Stat Softw 67(1)): {@code y = Xβ + ZΛu + ε},
 * {@code u ~ N(0, σ²I)}, {@code ε ~ N(0, σ²I)}, with {@code Λ(θ)} block diagonal of lower-triangular
 * relative covariance factors, one per term. For given θ, with {@code LL' = Λ'Z'ZΛ + I} and the
 * penalised residual sum of squares {@code r²(θ)} at the conditional optimum, the profiled criteria
 * are
 * <pre>
 *   REML: d(θ) = log|L|² + log|R_X|² + (n - p) (1 + log(2π r² / (n - p)))
 *   ML:   d(θ) = log|L|² + n (1 + log(2π r² / n))
 * </pre>
 * with {@code R_X'R_X} the Schur complement of {@code LL'} in the augmented system, σ² = r²/(n - p)
 * (REML) or r²/n (ML), β̂ solving the reduced system, and {@code Var(β̂) = σ² (R_X'R_X)⁻¹}.
 *
 * <p><b>Nested block elimination.</b> Random effects of members are eliminated first (each member's
 * block couples only to its group's block, to β and to y), then those of groups. Everything is
 * computed from per-member sufficient statistics (Z'Z, Z'X, Z'y, and their group-level
 * counterparts), accumulated in one pass over the rows: an evaluation of d(θ) costs
 * O(members · q³ + p³), independent of the number of rows.
 *
 * <p><b>Optimisation</b> of θ with BOBYQA (Powell 2009; lme4's default optimiser family), diagonal
 * elements of Λ bounded below by 0, then a second BOBYQA run from the optimum to polish it; Brent's
 * method for a single θ.
 *
 * <p><b>Satterthwaite df</b> as lmerTest (Kuznetsova et al. 2017): with variance parameters
 * {@code φ = (θ, σ)}, {@code A = 2 H⁻¹} where H is the Hessian of the (REML or ML) deviance in φ,
 * and for coefficient j {@code df = 2 V_jj² / (∇V_jj' A ∇V_jj)}, derivatives by Richardson-extrapolated
 * central differences. {@code logLik}, AIC and BIC follow lme4 (for REML fits the REML criterion;
 * parameters counted: p + |θ| + 1). Rows with a missing value in any used column are dropped.
 */
public final class MixedModel {

    /** REML or maximum likelihood. */
    public enum Estimation { REML, ML }

    /** A fixed effect with lmerTest's Satterthwaite df and p. */
    public record FixedEffect(String term, double estimate, double se, double df, double t, double p) {
    }

    /** One row of R's {@code as.data.frame(VarCorr(fit))}; {@code var2} null for a variance. */
    public record VarianceComponent(String group, String var1, String var2, double vcov, double sdcor) {
    }

    /** The fit. */
    public record Result(Estimation estimation, int nObs, int nDropped, Map<String, Integer> nGroups, List<FixedEffect> fixedEffects,
                         List<VarianceComponent> varianceComponents, double logLik, double aic, double bic, boolean converged,
                         boolean singular, List<String> warnings, double[] theta, double sigma, double fitSeconds) {
    }

    /** A random-effect term prepared for fitting. */
    private record Term(String group, List<String> names, double[][] z, int[] level, int nLevels) {
        int q() {
            return names.size();
        }
    }

    private final int n;
    private final int p;
    private final Term inner;
    private final Term outer; // null for a single term
    private final int[] outerOf; // inner level -> outer level
    // sufficient statistics per inner level (member)
    private final double[][][] aZZ; // q1 x q1
    private final double[][][] bWZ; // q2 x q1
    private final double[][][] cWWbyOuter; // per outer level: q2 x q2
    private final double[][][] d1; // q1 x p
    private final double[][][] d2ByOuter; // per outer level: q2 x p
    private final double[][] e1; // q1
    private final double[][] e2ByOuter; // q2
    private final double[][] xtx;
    private final double[] xty;
    private final double yty;
    private final int[][] membersOfOuter;

    private MixedModel(double[][] x, double[] y, Term inner, Term outer, int[] outerOf) {
        this.n = y.length;
        this.p = x.length;
        this.inner = inner;
        this.outer = outer;
        this.outerOf = outerOf;
        int q1 = inner.q();
        int q2 = outer == null ? 0 : outer.q();
        int m = inner.nLevels();
        int g = outer == null ? 0 : outer.nLevels();
        aZZ = new double[m][q1][q1];
        bWZ = new double[m][q2][q1];
        d1 = new double[m][q1][p];
        e1 = new double[m][q1];
        cWWbyOuter = new double[g][q2][q2];
        d2ByOuter = new double[g][q2][p];
        e2ByOuter = new double[g][q2];
        xtx = new double[p][p];
        xty = new double[p];
        double yy = 0;
        double[] xi = new double[p];
        double[] zi = new double[q1];
        double[] wi = new double[q2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                xi[j] = x[j][i];
            }
            for (int a = 0; a < q1; a++) {
                zi[a] = inner.z()[a][i];
            }
            int mi = inner.level()[i];
            for (int a = 0; a < q1; a++) {
                for (int b = 0; b < q1; b++) {
                    aZZ[mi][a][b] += zi[a] * zi[b];
                }
                for (int j = 0; j < p; j++) {
                    d1[mi][a][j] += zi[a] * xi[j];
                }
                e1[mi][a] += zi[a] * y[i];
            }
            if (outer != null) {
                int gi = outer.level()[i];
                for (int a = 0; a < q2; a++) {
                    wi[a] = outer.z()[a][i];
                }
                for (int a = 0; a < q2; a++) {
                    for (int b = 0; b < q1; b++) {
                        bWZ[mi][a][b] += wi[a] * zi[b];
                    }
                    for (int b = 0; b < q2; b++) {
                        cWWbyOuter[gi][a][b] += wi[a] * wi[b];
                    }
                    for (int j = 0; j < p; j++) {
                        d2ByOuter[gi][a][j] += wi[a] * xi[j];
                    }
                    e2ByOuter[gi][a] += wi[a] * y[i];
                }
            }
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    xtx[a][b] += xi[a] * xi[b];
                }
                xty[a] += xi[a] * y[i];
            }
            yy += y[i] * y[i];
        }
        yty = yy;
        if (outer != null) {
            int[] counts = new int[g];
            for (int mi = 0; mi < m; mi++) {
                counts[outerOf[mi]]++;
            }
            membersOfOuter = new int[g][];
            for (int gi = 0; gi < g; gi++) {
                membersOfOuter[gi] = new int[counts[gi]];
            }
            int[] fill = new int[g];
            for (int mi = 0; mi < m; mi++) {
                membersOfOuter[outerOf[mi]][fill[outerOf[mi]]++] = mi;
            }
        } else {
            membersOfOuter = null;
        }
    }

    // ---- fitting ---------------------------------------------------------------------------------

    public static Result fit(Formula formula, DataTable data, Estimation estimation) {
        long start = System.nanoTime();
        if (formula.random().isEmpty()) {
            throw new IllegalArgumentException("a mixed model needs at least one random-effect term such as (1 | group)");
        }
        if (formula.random().size() > 2) {
            throw new IllegalArgumentException("at most two (nested) random-effect terms are supported");
        }
        int[] keep = ModelMatrix.completeRows(data, formula.variables());
        int nDropped = data.rows() - keep.length;
        Formula fixedOnly = new Formula(formula.response(), formula.intercept(), formula.fixed(), List.of());
        ModelMatrix.Design design = ModelMatrix.build(fixedOnly, data, keep);
        double[] yAll = data.numeric(formula.response());
        double[] y = new double[keep.length];
        for (int i = 0; i < keep.length; i++) {
            y[i] = yAll[keep[i]];
        }
        List<Term> terms = new ArrayList<>();
        for (Formula.RandomTerm rt : formula.random()) {
            terms.add(term(rt, data, keep));
        }
        // lme4 orders terms by decreasing number of levels: the inner (member) term first
        terms.sort((a, b) -> Integer.compare(b.nLevels(), a.nLevels()));
        Term inner = terms.get(0);
        Term outer = terms.size() > 1 ? terms.get(1) : null;
        int[] outerOf = null;
        if (outer != null) {
            outerOf = new int[inner.nLevels()];
            Arrays.fill(outerOf, -1);
            for (int i = 0; i < keep.length; i++) {
                int mi = inner.level()[i];
                int gi = outer.level()[i];
                if (outerOf[mi] == -1) {
                    outerOf[mi] = gi;
                } else if (outerOf[mi] != gi) {
                    throw new IllegalArgumentException("random effects for " + inner.group() + " are not nested in " + outer.group()
                            + " (crossed random effects are not supported)");
                }
            }
        }
        int p = design.columns().length;
        if (keep.length <= p) {
            throw new IllegalArgumentException("too few complete rows (" + keep.length + ") for " + p + " fixed effects");
        }
        MixedModel model = new MixedModel(design.columns(), y, inner, outer, outerOf);
        Map<String, Integer> nGroups = new LinkedHashMap<>();
        for (Term t : terms) {
            nGroups.put(t.group(), t.nLevels());
        }
        return model.optimise(estimation, design.names(), nGroups, nDropped, start);
    }

    private static Term term(Formula.RandomTerm rt, DataTable data, int[] keep) {
        List<String> names = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        int n = keep.length;
        if (rt.intercept()) {
            names.add("(Intercept)");
            double[] one = new double[n];
            Arrays.fill(one, 1);
            cols.add(one);
        }
        for (Formula.Term t : rt.terms()) {
            double[] c = new double[n];
            Arrays.fill(c, 1);
            for (String v : t.variables()) {
                DataTable.Column col = data.column(v);
                if (!col.isNumeric()) {
                    throw new IllegalArgumentException("random slopes of text (factor) columns are not supported: " + v);
                }
                for (int i = 0; i < n; i++) {
                    c[i] *= col.numbers()[keep[i]];
                }
            }
            names.add(t.label());
            cols.add(c);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("random term (" + rt.groupName() + ") has no effects");
        }
        List<String[]> factorLabels = rt.groupFactors().stream().map(data::labels).toList();
        Map<String, Integer> index = new HashMap<>();
        int[] level = new int[n];
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.setLength(0);
            for (int f = 0; f < factorLabels.size(); f++) {
                if (f > 0) {
                    sb.append(':');
                }
                sb.append(factorLabels.get(f)[keep[i]]);
            }
            String key = sb.toString();
            Integer id = index.get(key);
            if (id == null) {
                id = index.size();
                index.put(key, id);
            }
            level[i] = id;
        }
        return new Term(rt.groupName(), List.copyOf(names), cols.toArray(double[][]::new), level, index.size());
    }

    private int thetaSize(Term t) {
        return t == null ? 0 : t.q() * (t.q() + 1) / 2;
    }

    private static double[][] lambda(double[] theta, int offset, int q) {
        double[][] l = new double[q][q];
        int k = offset;
        for (int j = 0; j < q; j++) {
            for (int i = j; i < q; i++) {
                l[i][j] = theta[k++];
            }
        }
        return l;
    }

    private boolean[] isDiagonal() {
        boolean[] d = new boolean[thetaSize(inner) + thetaSize(outer)];
        int k = 0;
        for (Term t : outer == null ? List.of(inner) : List.of(inner, outer)) {
            for (int j = 0; j < t.q(); j++) {
                for (int i = j; i < t.q(); i++) {
                    d[k++] = i == j;
                }
            }
        }
        return d;
    }

    /** Profiled quantities at θ. */
    private record Eval(double logDetL, double logDetRX, double r2, double[][] xtxReduced, double[] xtyReduced, double[][] rX) {
    }

    private Eval evaluate(double[] theta) {
        int q1 = inner.q();
        int q2 = outer == null ? 0 : outer.q();
        double[][] l1 = lambda(theta, 0, q1);
        double[][] l2 = outer == null ? null : lambda(theta, thetaSize(inner), q2);
        double[][] xr = Dense.copy(xtx);
        double[] xyr = xty.clone();
        double yr = yty;
        double logDet = 0;
        int groups = outer == null ? inner.nLevels() : outer.nLevels();
        for (int g = 0; g < groups; g++) {
            double[][] gBlock = null;
            double[][] hBlock = null;
            double[] hVec = null;
            if (outer != null) {
                gBlock = Dense.multiply(Dense.transpose(l2), Dense.multiply(cWWbyOuter[g], l2));
                for (int a = 0; a < q2; a++) {
                    gBlock[a][a] += 1;
                }
                hBlock = Dense.multiply(Dense.transpose(l2), d2ByOuter[g]);
                hVec = mulT(l2, e2ByOuter[g]);
            }
            int[] members = outer == null ? new int[] {g} : membersOfOuter[g];
            for (int mi : members) {
                double[][] mBlock = Dense.multiply(Dense.transpose(l1), Dense.multiply(aZZ[mi], l1));
                for (int a = 0; a < q1; a++) {
                    mBlock[a][a] += 1;
                }
                double[][] lm = Dense.cholesky(mBlock);
                logDet += Dense.logDetFromCholesky(lm);
                double[][] pt = Dense.forwardSolve(lm, Dense.multiply(Dense.transpose(l1), d1[mi]));
                double[] rt = Dense.forwardSolve(lm, mulT(l1, e1[mi]));
                if (outer != null) {
                    // K' = Λ1' Z'W Λ2 (q1 x q2)
                    double[][] kt = Dense.forwardSolve(lm, Dense.multiply(Dense.transpose(l1), Dense.multiply(Dense.transpose(bWZ[mi]), l2)));
                    subtractCross(gBlock, kt, kt);
                    subtractCross(hBlock, kt, pt);
                    subtractCross(hVec, kt, rt);
                }
                subtractCross(xr, pt, pt);
                subtractCross(xyr, pt, rt);
                yr -= dot(rt, rt);
            }
            if (outer != null) {
                double[][] lg = Dense.cholesky(gBlock);
                logDet += Dense.logDetFromCholesky(lg);
                double[][] ht = Dense.forwardSolve(lg, hBlock);
                double[] hv = Dense.forwardSolve(lg, hVec);
                subtractCross(xr, ht, ht);
                subtractCross(xyr, ht, hv);
                yr -= dot(hv, hv);
            }
        }
        double[][] rX = Dense.cholesky(xr);
        if (rX == null) {
            throw new ArithmeticException("the fixed-effects design is rank deficient");
        }
        double[] c = Dense.forwardSolve(rX, xyr);
        double r2 = yr - dot(c, c);
        return new Eval(logDet, Dense.logDetFromCholesky(rX), r2, xr, xyr, rX);
    }

    private double profiledDeviance(double[] theta, Estimation est) {
        Eval e = evaluate(theta);
        if (est == Estimation.REML) {
            int df = n - p;
            return e.logDetL() + e.logDetRX() + df * (1 + Math.log(2 * Math.PI * e.r2() / df));
        }
        return e.logDetL() + n * (1 + Math.log(2 * Math.PI * e.r2() / n));
    }

    /** The deviance with σ explicit (not profiled), as lmerTest differentiates it. */
    private double deviance(double[] theta, double sigma, Estimation est) {
        Eval e = evaluate(theta);
        double s2 = sigma * sigma;
        if (est == Estimation.REML) {
            return e.logDetL() + e.logDetRX() + (n - p) * Math.log(2 * Math.PI * s2) + e.r2() / s2;
        }
        return e.logDetL() + n * Math.log(2 * Math.PI * s2) + e.r2() / s2;
    }

    private Result optimise(Estimation est, List<String> fixedNames, Map<String, Integer> nGroups, int nDropped, long start) {
        int k = thetaSize(inner) + thetaSize(outer);
        boolean[] diag = isDiagonal();
        double[] theta0 = new double[k];
        for (int i = 0; i < k; i++) {
            theta0[i] = diag[i] ? 1 : 0;
        }
        List<String> warnings = new ArrayList<>();
        boolean converged = true;
        double[] theta;
        if (k == 1) {
            theta = new double[] {brent(t -> profiledDeviance(new double[] {t}, est))};
        } else {
            double[] lower = new double[k];
            double[] upper = new double[k];
            for (int i = 0; i < k; i++) {
                lower[i] = diag[i] ? 0 : -1e3;
                upper[i] = 1e3;
            }
            ObjectiveFunction f = new ObjectiveFunction(t -> profiledDeviance(t, est));
            try {
                PointValuePair first = new BOBYQAOptimizer(2 * k + 1, 0.5, 1e-8)
                        .optimize(new MaxEval(100_000), f, GoalType.MINIMIZE, new InitialGuess(theta0), new SimpleBounds(lower, upper));
                double[] polishStart = first.getPoint().clone();
                for (int i = 0; i < k; i++) {
                    // keep the polish run's first steps inside the bounds
                    if (diag[i]) {
                        polishStart[i] = Math.max(polishStart[i], 0);
                    }
                }
                PointValuePair second = new BOBYQAOptimizer(2 * k + 1, 1e-3, 1e-11)
                        .optimize(new MaxEval(100_000), f, GoalType.MINIMIZE, new InitialGuess(polishStart), new SimpleBounds(lower, upper));
                theta = second.getValue() <= first.getValue() ? second.getPoint() : first.getPoint();
            } catch (org.apache.commons.math3.exception.TooManyEvaluationsException e) {
                converged = false;
                warnings.add("the optimiser reached its evaluation limit before converging");
                theta = theta0;
            }
        }
        boolean singular = false;
        for (int i = 0; i < k; i++) {
            if (diag[i] && theta[i] < 1e-4) {
                singular = true;
            }
        }
        if (singular) {
            warnings.add("boundary (singular) fit: a random-effect variance is estimated as (near) zero; simplify the random effects");
        }
        Eval e = evaluate(theta);
        double dev = profiledDeviance(theta, est);
        double sigma2 = est == Estimation.REML ? e.r2() / (n - p) : e.r2() / n;
        double sigma = Math.sqrt(sigma2);
        double[][] xtxInv = Dense.inverseFromCholesky(e.rX());
        double[] beta = Dense.backSolveTransposed(e.rX(), Dense.forwardSolve(e.rX(), e.xtyReduced()));

        double[] dfs = satterthwaite(theta, sigma, est, diag);
        List<FixedEffect> fixed = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            double se = Math.sqrt(sigma2 * xtxInv[j][j]);
            double t = beta[j] / se;
            fixed.add(new FixedEffect(fixedNames.get(j), beta[j], se, dfs[j], t, Tails.tTwoSided(t, dfs[j])));
        }
        List<VarianceComponent> vc = new ArrayList<>();
        int offset = 0;
        for (Term t : outer == null ? List.of(inner) : List.of(inner, outer)) {
            double[][] l = lambda(theta, offset, t.q());
            offset += thetaSize(t);
            double[][] cov = Dense.multiply(l, Dense.transpose(l));
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
                (System.nanoTime() - start) / 1e9);
    }

    private static double brent(java.util.function.DoubleUnaryOperator f) {
        // bracket: the deviance in θ ≥ 0 is evaluated on a doubling grid until it rises
        double best = 0;
        double bestValue = f.applyAsDouble(0);
        double hi = 1;
        for (int i = 0; i < 40; i++) {
            double v = f.applyAsDouble(hi);
            if (v < bestValue) {
                best = hi;
                bestValue = v;
                hi *= 2;
            } else {
                break;
            }
        }
        double lo = best == 0 ? 0 : best / 2;
        double up = best == 0 ? 1 : best * 2;
        UnivariatePointValuePair r = new BrentOptimizer(1e-12, 1e-14).optimize(new MaxEval(10_000),
                new UnivariateObjectiveFunction(f::applyAsDouble), GoalType.MINIMIZE, new SearchInterval(lo, up, best));
        return r.getValue() <= bestValue ? r.getPoint() : best;
    }

    // ---- Satterthwaite -------------------------------------------------------------------------

    private double[] satterthwaite(double[] theta, double sigma, Estimation est, boolean[] diag) {
        int k = theta.length;
        double[] phi = Arrays.copyOf(theta, k + 1);
        phi[k] = sigma;
        java.util.function.ToDoubleFunction<double[]> dev = v -> deviance(Arrays.copyOf(v, k), v[k], est);
        double[][] h = Derivatives.hessian(dev, phi);
        double[][] a;
        try {
            a = new org.apache.commons.math3.linear.LUDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(h))
                    .getSolver().getInverse().scalarMultiply(2).getData();
        } catch (org.apache.commons.math3.linear.SingularMatrixException e) {
            double[] nan = new double[p];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        double[] dfs = new double[p];
        for (int j = 0; j < p; j++) {
            final int col = j;
            java.util.function.ToDoubleFunction<double[]> vjj = v -> {
                Eval e = evaluate(Arrays.copyOf(v, k));
                double[][] inv = Dense.inverseFromCholesky(e.rX());
                return v[k] * v[k] * inv[col][col];
            };
            double[] g = Derivatives.gradient(vjj, phi);
            double var = vjj.applyAsDouble(phi);
            double quad = 0;
            for (int r = 0; r <= k; r++) {
                for (int c = 0; c <= k; c++) {
                    quad += g[r] * a[r][c] * g[c];
                }
            }
            dfs[j] = 2 * var * var / quad;
        }
        return dfs;
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static double[] mulT(double[][] l, double[] v) {
        double[] out = new double[l[0].length];
        for (int i = 0; i < l.length; i++) {
            for (int j = 0; j < out.length; j++) {
                out[j] += l[i][j] * v[i];
            }
        }
        return out;
    }

    /** target -= a' b. */
    private static void subtractCross(double[][] target, double[][] a, double[][] b) {
        for (int r = 0; r < a.length; r++) {
            for (int i = 0; i < target.length; i++) {
                double v = a[r][i];
                if (v == 0) {
                    continue;
                }
                for (int j = 0; j < target[0].length; j++) {
                    target[i][j] -= v * b[r][j];
                }
            }
        }
    }

    private static void subtractCross(double[] target, double[][] a, double[] b) {
        for (int r = 0; r < a.length; r++) {
            for (int i = 0; i < target.length; i++) {
                target[i] -= a[r][i] * b[r];
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
