package org.groupalliance.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
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

    /**
     * A fixed effect with lmerTest's Satterthwaite df and p, and the confidence interval
     * {@code estimate ± t_{(1+level)/2, df} · se} with the same df (NaN where df is undefined).
     */
    public record FixedEffect(String term, double estimate, double se, double df, double t, double p, double ciLower, double ciUpper) {
    }

    /**
     * Settings of one fit: the evaluation budget of the optimisers (all searches together) and the
     * confidence level of the intervals.
     */
    public record Settings(int maxEvaluations, double level) {
        /** 100,000 evaluations, 95 % intervals. */
        public static final Settings DEFAULT = new Settings(100_000, 0.95);

        public Settings {
            if (maxEvaluations < 1) {
                throw new IllegalArgumentException("maxEvaluations must be positive");
            }
            if (!(level > 0 && level < 1)) {
                throw new IllegalArgumentException("the confidence level must lie strictly between 0 and 1, got " + level);
            }
        }

        public Settings withLevel(double newLevel) {
            return new Settings(maxEvaluations, newLevel);
        }
    }

    /** One row of R's {@code as.data.frame(VarCorr(fit))}; {@code var2} null for a variance. */
    public record VarianceComponent(String group, String var1, String var2, double vcov, double sdcor) {
    }

    /** How the denominator df of the fixed effects' t tests are computed. */
    public enum Ddf {
        SATTERTHWAITE("Satterthwaite"), KENWARD_ROGER("Kenward-Roger");

        private final String label;

        Ddf(String label) {
            this.label = label;
        }

        /** As lmerTest names it. */
        public String label() {
            return label;
        }
    }

    /** The fit. */
    public record Result(Estimation estimation, int nObs, int nDropped, Map<String, Integer> nGroups, List<FixedEffect> fixedEffects,
                         List<VarianceComponent> varianceComponents, double logLik, double aic, double bic, boolean converged,
                         boolean singular, List<String> warnings, double[] theta, double sigma, double fitSeconds, Ddf ddf) {
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
    // sufficient statistics, flat row-major: per inner level (member) and per outer level (group)
    private final int q1;
    private final int q2;
    private final double[] aZZ; // m x (q1 x q1): Z'Z
    private final double[] bWZ; // m x (q2 x q1): W'Z
    private final double[] d1; // m x (q1 x p): Z'X
    private final double[] e1; // m x q1: Z'y
    private final double[] cWW; // g x (q2 x q2): W'W
    private final double[] d2; // g x (q2 x p): W'X
    private final double[] e2; // g x q2: W'y
    private final double[] xtx; // p x p
    private final double[] xty;
    private final double yty;
    private final int[][] membersOfOuter;
    private final int threads;
    /** The column of X that is all ones (-1 if none) and the mean subtracted from y to fit. */
    private int interceptColumn = -1;
    private double yShift;

    private MixedModel(double[][] x, double[] y, Term inner, Term outer, int[] outerOf) {
        this.n = y.length;
        this.p = x.length;
        this.inner = inner;
        this.outer = outer;
        this.outerOf = outerOf;
        this.q1 = inner.q();
        this.q2 = outer == null ? 0 : outer.q();
        int m = inner.nLevels();
        int g = outer == null ? 0 : outer.nLevels();
        aZZ = new double[m * q1 * q1];
        bWZ = new double[m * q2 * q1];
        d1 = new double[m * q1 * p];
        e1 = new double[m * q1];
        cWW = new double[g * q2 * q2];
        d2 = new double[g * q2 * p];
        e2 = new double[g * q2];
        xtx = new double[p * p];
        xty = new double[p];
        double yy = 0;
        double[] xi = new double[p];
        double[] zi = new double[q1];
        double[] wi = new double[q2];
        // one pass over the rows; afterwards the fit never looks at them again
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                xi[j] = x[j][i];
            }
            for (int a = 0; a < q1; a++) {
                zi[a] = inner.z()[a][i];
            }
            double yi = y[i];
            int mi = inner.level()[i];
            for (int a = 0; a < q1; a++) {
                int base = (mi * q1 + a) * q1;
                for (int b = 0; b < q1; b++) {
                    aZZ[base + b] += zi[a] * zi[b];
                }
                int db = (mi * q1 + a) * p;
                for (int j = 0; j < p; j++) {
                    d1[db + j] += zi[a] * xi[j];
                }
                e1[mi * q1 + a] += zi[a] * yi;
            }
            if (outer != null) {
                int gi = outer.level()[i];
                for (int a = 0; a < q2; a++) {
                    wi[a] = outer.z()[a][i];
                }
                for (int a = 0; a < q2; a++) {
                    for (int b = 0; b < q1; b++) {
                        bWZ[(mi * q2 + a) * q1 + b] += wi[a] * zi[b];
                    }
                    for (int b = 0; b < q2; b++) {
                        cWW[(gi * q2 + a) * q2 + b] += wi[a] * wi[b];
                    }
                    for (int j = 0; j < p; j++) {
                        d2[(gi * q2 + a) * p + j] += wi[a] * xi[j];
                    }
                    e2[gi * q2 + a] += wi[a] * yi;
                }
            }
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    xtx[a * p + b] += xi[a] * xi[b];
                }
                xty[a] += xi[a] * yi;
            }
            yy += yi * yi;
        }
        yty = yy;
        int blocks = outer == null ? m : g;
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
        // small problems are faster on one thread; large ones split the groups over the cores
        this.threads = blocks < 4_000 ? 1 : Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    // ---- fitting ---------------------------------------------------------------------------------

    public static Result fit(Formula formula, DataTable data, Estimation estimation) {
        return fit(formula, data, estimation, Settings.DEFAULT);
    }

    public static Result fit(Formula formula, DataTable data, Estimation estimation, Settings settings) {
        long start = System.nanoTime();
        Prepared pr = prepare(formula, data);
        return pr.model().optimise(estimation, pr.fixedNames(), pr.nGroups(), pr.nDropped(), start, settings);
    }

    private record Prepared(MixedModel model, List<String> fixedNames, Map<String, Integer> nGroups, int nDropped) {
    }

    /**
     * The profiled criterion and the convergence certificate at any θ, for tests that check the
     * optimiser's claims without trusting it (θ as lme4's {@code getME(fit, "theta")}).
     */
    static final class Probe {
        private final MixedModel model;
        private final Estimation est;

        Probe(Formula formula, DataTable data, Estimation est) {
            this.model = prepare(formula, data).model();
            this.est = est;
        }

        /** The profiled deviance (REML criterion or -2 logLik) at θ. */
        double deviance(double[] theta) {
            return model.profiledDeviance(theta, est);
        }

        /** Null when θ passes the convergence certificate, else the reason. */
        String certificate(double[] theta) {
            int k = theta.length;
            Eval e = model.evaluate(theta);
            double sigma = Math.sqrt(e.r2() / (est == Estimation.REML ? model.n - model.p : model.n));
            double[] phi = Arrays.copyOf(theta, k + 1);
            phi[k] = sigma;
            double[][] hessian = Derivatives.hessian(v -> model.deviance(Arrays.copyOf(v, k), v[k], est), phi);
            return model.certify(theta, model.isDiagonal(), est, hessian).reason();
        }
    }

    private static Prepared prepare(Formula formula, DataTable data) {
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
        // With an intercept, fit y - ȳ (the intercept absorbs the shift exactly; nothing else changes):
        // y'y and the members' sums then no longer dwarf the residual sum of squares, which keeps the
        // rounding noise of r²(θ), and so of the criterion, small on large data.
        int interceptColumn = -1;
        for (int j = 0; j < design.columns().length && interceptColumn < 0; j++) {
            boolean ones = true;
            for (double v : design.columns()[j]) {
                if (v != 1) {
                    ones = false;
                    break;
                }
            }
            if (ones) {
                interceptColumn = j;
            }
        }
        double shift = 0;
        if (interceptColumn >= 0 && y.length > 0) {
            double sum = 0;
            for (double v : y) {
                sum += v;
            }
            shift = sum / y.length;
            for (int i = 0; i < y.length; i++) {
                y[i] -= shift;
            }
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
        model.interceptColumn = interceptColumn;
        model.yShift = shift;
        Map<String, Integer> nGroups = new LinkedHashMap<>();
        for (Term t : terms) {
            nGroups.put(t.group(), t.nLevels());
        }
        return new Prepared(model, design.names(), nGroups, nDropped);
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
        // intern each grouping factor's labels, then number the combinations (member:group) densely
        long[] key = new long[n];
        long radix = 1;
        for (String factor : rt.groupFactors()) {
            String[] labels = data.labels(factor);
            Map<String, Integer> ids = new HashMap<>();
            long size = 0;
            int[] id = new int[n];
            for (int i = 0; i < n; i++) {
                Integer v = ids.get(labels[keep[i]]);
                if (v == null) {
                    v = ids.size();
                    ids.put(labels[keep[i]], v);
                }
                id[i] = v;
            }
            size = ids.size();
            for (int i = 0; i < n; i++) {
                key[i] += id[i] * radix;
            }
            radix *= Math.max(size, 1);
        }
        Map<Long, Integer> index = new HashMap<>();
        int[] level = new int[n];
        for (int i = 0; i < n; i++) {
            Integer v = index.get(key[i]);
            if (v == null) {
                v = index.size();
                index.put(key[i], v);
            }
            level[i] = v;
        }
        return new Term(rt.groupName(), List.copyOf(names), cols.toArray(double[][]::new), level, index.size());
    }

    private int thetaSize(Term t) {
        return t == null ? 0 : t.q() * (t.q() + 1) / 2;
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
        double[] l1 = flatLambda(theta, 0, q1);
        double[] l2 = outer == null ? null : flatLambda(theta, thetaSize(inner), q2);
        int blocks = outer == null ? inner.nLevels() : outer.nLevels();
        Kernel total;
        if (threads == 1) {
            total = new Kernel(l1, l2);
            total.run(0, blocks);
        } else {
            Kernel[] parts = new Kernel[threads];
            java.util.stream.IntStream.range(0, threads).parallel().forEach(t -> {
                Kernel k = new Kernel(l1, l2);
                k.run((int) ((long) blocks * t / threads), (int) ((long) blocks * (t + 1) / threads));
                parts[t] = k;
            });
            total = parts[0];
            for (int t = 1; t < threads; t++) {
                total.add(parts[t]);
            }
        }
        double[][] xr = new double[p][p];
        double[] xyr = new double[p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                xr[a][b] = xtx[a * p + b] - total.xtx[a * p + b];
            }
            xyr[a] = xty[a] - total.xty[a];
        }
        double yr = yty - total.yty;
        double[][] rX = Dense.cholesky(xr);
        if (rX == null) {
            throw new ArithmeticException("the fixed-effects design is rank deficient");
        }
        double[] c = Dense.forwardSolve(rX, xyr);
        double r2 = yr - dot(c, c);
        return new Eval(total.logDet, Dense.logDetFromCholesky(rX), r2, xr, xyr, rX);
    }

    /** Λ as a flat row-major q x q lower-triangular matrix from θ (column-wise lower triangle, as lme4). */
    private static double[] flatLambda(double[] theta, int offset, int q) {
        double[] l = new double[q * q];
        int k = offset;
        for (int j = 0; j < q; j++) {
            for (int i = j; i < q; i++) {
                l[i * q + j] = theta[k++];
            }
        }
        return l;
    }

    /**
     * Eliminates the random effects of a range of blocks (groups, or members when there is one
     * term), accumulating what they subtract from X'X, X'y and y'y, and log|L|². No allocation per
     * member: all work happens in scratch arrays sized by q and p.
     */
    private final class Kernel {
        final double[] l1;
        final double[] l2;
        final double[] xtx = new double[p * p];
        final double[] xty = new double[p];
        double yty;
        double logDet;
        private final double[] t1 = new double[q1 * q1];
        private final double[] mm = new double[q1 * q1];
        private final double[] pt = new double[q1 * p];
        private final double[] rt = new double[q1];
        private final double[] u = new double[q1 * Math.max(q2, 1)];
        private final double[] kt = new double[q1 * Math.max(q2, 1)];
        private final double[] gg = new double[q2 * q2];
        private final double[] hh = new double[q2 * p];
        private final double[] hv = new double[q2];
        private final double[] t2 = new double[q2 * q2];

        Kernel(double[] l1, double[] l2) {
            this.l1 = l1;
            this.l2 = l2;
        }

        void add(Kernel o) {
            for (int i = 0; i < xtx.length; i++) {
                xtx[i] += o.xtx[i];
            }
            for (int i = 0; i < p; i++) {
                xty[i] += o.xty[i];
            }
            yty += o.yty;
            logDet += o.logDet;
        }

        void run(int from, int to) {
            for (int b = from; b < to; b++) {
                if (outer == null) {
                    member(b, false);
                } else {
                    group(b);
                }
            }
        }

        private void group(int g) {
            // G = Λ2' C Λ2 + I, H = Λ2' D2, h = Λ2' e2
            int cb = g * q2 * q2;
            for (int a = 0; a < q2; a++) {
                for (int c = 0; c < q2; c++) {
                    double s = 0;
                    for (int k = 0; k < q2; k++) {
                        s += cWW[cb + a * q2 + k] * l2[k * q2 + c];
                    }
                    t2[a * q2 + c] = s;
                }
            }
            for (int a = 0; a < q2; a++) {
                for (int c = 0; c < q2; c++) {
                    double s = a == c ? 1 : 0;
                    for (int k = 0; k < q2; k++) {
                        s += l2[k * q2 + a] * t2[k * q2 + c];
                    }
                    gg[a * q2 + c] = s;
                }
                for (int j = 0; j < p; j++) {
                    double s = 0;
                    for (int k = 0; k < q2; k++) {
                        s += l2[k * q2 + a] * d2[(g * q2 + k) * p + j];
                    }
                    hh[a * p + j] = s;
                }
                double s = 0;
                for (int k = 0; k < q2; k++) {
                    s += l2[k * q2 + a] * e2[g * q2 + k];
                }
                hv[a] = s;
            }
            for (int mi : membersOfOuter[g]) {
                member(mi, true);
            }
            logDet += choleskyInPlace(gg, q2);
            forwardSolveInPlace(gg, q2, hh, p);
            forwardSolveInPlace(gg, q2, hv, 1);
            accumulate(hh, hv, q2);
        }

        private void member(int mi, boolean nested) {
            // unrolled kernels for the shapes group therapy data almost always has; same algebra
            if (q1 == 1 && (!nested || q2 == 1)) {
                member1(mi, nested);
                return;
            }
            if (q1 == 2 && (!nested || q2 == 1)) {
                member2(mi, nested);
                return;
            }
            int ab = mi * q1 * q1;
            // M = Λ1' A Λ1 + I
            for (int a = 0; a < q1; a++) {
                for (int c = 0; c < q1; c++) {
                    double s = 0;
                    for (int k = 0; k < q1; k++) {
                        s += aZZ[ab + a * q1 + k] * l1[k * q1 + c];
                    }
                    t1[a * q1 + c] = s;
                }
            }
            for (int a = 0; a < q1; a++) {
                for (int c = 0; c < q1; c++) {
                    double s = a == c ? 1 : 0;
                    for (int k = 0; k < q1; k++) {
                        s += l1[k * q1 + a] * t1[k * q1 + c];
                    }
                    mm[a * q1 + c] = s;
                }
            }
            logDet += choleskyInPlace(mm, q1);
            // P = Λ1' D1, r = Λ1' e1, then L⁻¹ applied
            for (int a = 0; a < q1; a++) {
                for (int j = 0; j < p; j++) {
                    double s = 0;
                    for (int k = 0; k < q1; k++) {
                        s += l1[k * q1 + a] * d1[(mi * q1 + k) * p + j];
                    }
                    pt[a * p + j] = s;
                }
                double s = 0;
                for (int k = 0; k < q1; k++) {
                    s += l1[k * q1 + a] * e1[mi * q1 + k];
                }
                rt[a] = s;
            }
            forwardSolveInPlace(mm, q1, pt, p);
            forwardSolveInPlace(mm, q1, rt, 1);
            if (nested) {
                // K' = Λ1' (W'Z)' Λ2, then L⁻¹ applied; fold into the group's block
                int bb = mi * q2 * q1;
                for (int a = 0; a < q1; a++) {
                    for (int c = 0; c < q2; c++) {
                        double s = 0;
                        for (int k = 0; k < q2; k++) {
                            s += bWZ[bb + k * q1 + a] * l2[k * q2 + c];
                        }
                        u[a * q2 + c] = s;
                    }
                }
                for (int a = 0; a < q1; a++) {
                    for (int c = 0; c < q2; c++) {
                        double s = 0;
                        for (int k = 0; k < q1; k++) {
                            s += l1[k * q1 + a] * u[k * q2 + c];
                        }
                        kt[a * q2 + c] = s;
                    }
                }
                forwardSolveInPlace(mm, q1, kt, q2);
                for (int a = 0; a < q1; a++) {
                    for (int b1 = 0; b1 < q2; b1++) {
                        double kab = kt[a * q2 + b1];
                        for (int b2 = 0; b2 < q2; b2++) {
                            gg[b1 * q2 + b2] -= kab * kt[a * q2 + b2];
                        }
                        for (int j = 0; j < p; j++) {
                            hh[b1 * p + j] -= kab * pt[a * p + j];
                        }
                        hv[b1] -= kab * rt[a];
                    }
                }
            }
            accumulate(pt, rt, q1);
        }

        /** One random effect per member (e.g. a random intercept), optionally nested in a 1-effect group. */
        private void member1(int mi, boolean nested) {
            double l = l1[0];
            double m = l * l * aZZ[mi] + 1;
            logDet += Math.log(m);
            double f = l / Math.sqrt(m);
            int db = mi * p;
            for (int j = 0; j < p; j++) {
                pt[j] = f * d1[db + j];
            }
            double r = f * e1[mi];
            if (nested) {
                double k = f * bWZ[mi] * l2[0];
                gg[0] -= k * k;
                for (int j = 0; j < p; j++) {
                    hh[j] -= k * pt[j];
                }
                hv[0] -= k * r;
            }
            for (int i = 0; i < p; i++) {
                double pi = pt[i];
                int row = i * p;
                for (int j = 0; j < p; j++) {
                    xtx[row + j] += pi * pt[j];
                }
                xty[i] += pi * r;
            }
            yty += r * r;
        }

        /** Two correlated random effects per member (intercept and slope), optionally nested in a 1-effect group. */
        private void member2(int mi, boolean nested) {
            double lam0 = l1[0];
            double lam1 = l1[2];
            double lam2 = l1[3];
            int ab = mi * 4;
            double a00 = aZZ[ab];
            double a01 = aZZ[ab + 1];
            double a11 = aZZ[ab + 3];
            double m00 = lam0 * lam0 * a00 + 2 * lam0 * lam1 * a01 + lam1 * lam1 * a11 + 1;
            double m01 = lam2 * (lam0 * a01 + lam1 * a11);
            double m11 = lam2 * lam2 * a11 + 1;
            double c00 = Math.sqrt(m00);
            double c10 = m01 / c00;
            double s11 = m11 - c10 * c10;
            if (!(s11 > 0)) {
                throw new ArithmeticException("a random-effects block is not positive definite");
            }
            double c11 = Math.sqrt(s11);
            logDet += 2 * (Math.log(c00) + Math.log(c11));
            int db = mi * 2 * p;
            for (int j = 0; j < p; j++) {
                double d0 = d1[db + j];
                double dd1 = d1[db + p + j];
                double p0 = (lam0 * d0 + lam1 * dd1) / c00;
                pt[j] = p0;
                pt[p + j] = (lam2 * dd1 - c10 * p0) / c11;
            }
            double e0 = e1[mi * 2];
            double ee1 = e1[mi * 2 + 1];
            double r0 = (lam0 * e0 + lam1 * ee1) / c00;
            double r1 = (lam2 * ee1 - c10 * r0) / c11;
            if (nested) {
                double w = l2[0];
                double b0 = bWZ[mi * 2] * w;
                double b1 = bWZ[mi * 2 + 1] * w;
                double k0 = (lam0 * b0 + lam1 * b1) / c00;
                double k1 = (lam2 * b1 - c10 * k0) / c11;
                gg[0] -= k0 * k0 + k1 * k1;
                for (int j = 0; j < p; j++) {
                    hh[j] -= k0 * pt[j] + k1 * pt[p + j];
                }
                hv[0] -= k0 * r0 + k1 * r1;
            }
            for (int i = 0; i < p; i++) {
                double pi0 = pt[i];
                double pi1 = pt[p + i];
                int row = i * p;
                for (int j = 0; j < p; j++) {
                    xtx[row + j] += pi0 * pt[j] + pi1 * pt[p + j];
                }
                xty[i] += pi0 * r0 + pi1 * r1;
            }
            yty += r0 * r0 + r1 * r1;
        }

        /** Adds P'P, P'r, r'r (rows = q) to what is subtracted from X'X, X'y, y'y. */
        private void accumulate(double[] pm, double[] rv, int q) {
            for (int a = 0; a < q; a++) {
                double ra = rv[a];
                for (int i = 0; i < p; i++) {
                    double pai = pm[a * p + i];
                    for (int j = 0; j < p; j++) {
                        xtx[i * p + j] += pai * pm[a * p + j];
                    }
                    xty[i] += pai * ra;
                }
                yty += ra * ra;
            }
        }
    }

    /** Lower Cholesky of a q x q flat matrix in place; returns log det. */
    private static double choleskyInPlace(double[] a, int q) {
        double logDet = 0;
        for (int j = 0; j < q; j++) {
            double s = a[j * q + j];
            for (int k = 0; k < j; k++) {
                s -= a[j * q + k] * a[j * q + k];
            }
            if (!(s > 0)) {
                throw new ArithmeticException("a random-effects block is not positive definite");
            }
            double d = Math.sqrt(s);
            a[j * q + j] = d;
            logDet += 2 * Math.log(d);
            for (int i = j + 1; i < q; i++) {
                double t = a[i * q + j];
                for (int k = 0; k < j; k++) {
                    t -= a[i * q + k] * a[j * q + k];
                }
                a[i * q + j] = t / d;
            }
        }
        return logDet;
    }

    /** Solves L X = B in place; B flat with {@code cols} columns and q rows. */
    private static void forwardSolveInPlace(double[] l, int q, double[] b, int cols) {
        for (int c = 0; c < cols; c++) {
            for (int i = 0; i < q; i++) {
                double s = b[i * cols + c];
                for (int k = 0; k < i; k++) {
                    s -= l[i * q + k] * b[k * cols + c];
                }
                b[i * cols + c] = s / l[i * q + i];
            }
        }
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

    /** The profiled deviance as the optimisers see it: evaluations counted against a budget, the best point kept. */
    private final class Criterion {
        final Estimation est;
        final int budget;
        int count;
        double bestValue = Double.POSITIVE_INFINITY;
        double[] bestPoint;

        Criterion(Estimation est, int budget) {
            this.est = est;
            this.budget = budget;
        }

        double value(double[] theta) {
            if (count >= budget) {
                throw new BudgetExhausted();
            }
            count++;
            double v = profiledDeviance(theta, est);
            if (v < bestValue) {
                bestValue = v;
                bestPoint = theta.clone();
            }
            return v;
        }
    }

    /** Thrown when the optimisers have used up the evaluation budget. */
    private static final class BudgetExhausted extends RuntimeException {
        BudgetExhausted() {
            super("evaluation budget exhausted", null, false, false);
        }
    }

    /** Relative scale values θ = σ_b/σ of the one-parameter scan: 0 and 10^(j/4) from 1e-4 to 1e3. */
    private static final double[] SCAN_1D = java.util.stream.DoubleStream.concat(java.util.stream.DoubleStream.of(0),
            java.util.stream.IntStream.rangeClosed(-16, 12).mapToDouble(j -> Math.pow(10, j / 4.0))).toArray();
    /** Coarse grid of the restart scan for two- and three-parameter structures. */
    private static final double[] SCAN_DIAGONAL = {0, 0.1, 0.5, 2};
    private static final double[] SCAN_OFF_DIAGONAL = {-0.5, 0, 0.5};
    /** Predicted decrease of the deviance from one Newton step below which an interior optimum is accepted. */
    static final double NEWTON_DECREMENT_TOL = 1e-6;
    /** A diagonal element of Λ below this is on the boundary (lme4's singularity tolerance). */
    static final double BOUNDARY = 1e-4;

    /**
     * Searches θ. One parameter: the deviance on {@link #SCAN_1D}, then Brent's method between the
     * neighbours of the best scan point (the old bracket started at θ = 1 and could not reach an
     * optimum below 0.5, where it stalled). More parameters: BOBYQA from lme4's start (1 on the
     * diagonal of Λ, 0 below) with a polishing run; for two or three parameters also a coarse grid,
     * restarting BOBYQA from the grid's best point when that beats the first optimum; and when the
     * optimum lies on the boundary, restarts with the zero elements of Λ set to 0.2 and to 1.
     * Returns the best point evaluated.
     */
    private double[] search(Criterion c, boolean[] diag) {
        int k = diag.length;
        if (k == 1) {
            scalar(c);
            return newton1(c, c.bestPoint[0]);
        }
        double[] theta0 = new double[k];
        for (int i = 0; i < k; i++) {
            theta0[i] = diag[i] ? 1 : 0;
        }
        bobyqa(c, theta0, diag);
        if (k <= 3) {
            double first = c.bestValue;
            double[] gridBest = null;
            double gridValue = Double.POSITIVE_INFINITY;
            for (double[] point : grid(diag)) {
                double v = profiledDeviance(point, c.est);
                if (v < gridValue) {
                    gridValue = v;
                    gridBest = point;
                }
            }
            if (gridValue < first - 1e-9) {
                c.value(gridBest);
                bobyqa(c, gridBest, diag);
            }
        }
        // a boundary optimum may be a local one (with λ00 = 0 the correlation parameter of a random
        // slope becomes a second slope SD, and BOBYQA can settle there): restart from the interior
        double[] found = c.bestPoint.clone();
        boolean onBoundary = false;
        for (int i = 0; i < k; i++) {
            onBoundary |= diag[i] && Math.abs(found[i]) < BOUNDARY;
        }
        if (onBoundary) {
            for (double inside : new double[] {0.2, 1}) {
                double[] restart = found.clone();
                for (int i = 0; i < k; i++) {
                    if (diag[i] && Math.abs(found[i]) < BOUNDARY) {
                        restart[i] = inside;
                    }
                }
                bobyqa(c, restart, diag);
            }
        }
        return c.bestPoint;
    }

    private static List<double[]> grid(boolean[] diag) {
        List<double[]> points = new ArrayList<>();
        points.add(new double[diag.length]);
        for (int i = 0; i < diag.length; i++) {
            List<double[]> next = new ArrayList<>();
            for (double[] pt : points) {
                for (double v : diag[i] ? SCAN_DIAGONAL : SCAN_OFF_DIAGONAL) {
                    double[] q = pt.clone();
                    q[i] = v;
                    next.add(q);
                }
            }
            points = next;
        }
        return points;
    }

    private void scalar(Criterion c) {
        double[] values = new double[SCAN_1D.length];
        int best = 0;
        for (int i = 0; i < SCAN_1D.length; i++) {
            values[i] = c.value(new double[] {SCAN_1D[i]});
            if (values[i] < values[best]) {
                best = i;
            }
        }
        double lo = best == 0 ? 0 : SCAN_1D[best - 1];
        double hi;
        if (best < SCAN_1D.length - 1) {
            hi = SCAN_1D[best + 1];
        } else {
            // still falling at θ = 1000: extend until the deviance rises
            double at = SCAN_1D[best];
            double atValue = values[best];
            hi = 2 * at;
            for (int i = 0; i < 40; i++) {
                double v = c.value(new double[] {hi});
                if (v >= atValue) {
                    break;
                }
                lo = at;
                at = hi;
                atValue = v;
                hi *= 2;
            }
        }
        double startPoint = c.bestPoint[0];
        new BrentOptimizer(1e-12, 1e-14).optimize(new MaxEval(Integer.MAX_VALUE),
                new UnivariateObjectiveFunction(t -> c.value(new double[] {t})), GoalType.MINIMIZE,
                new SearchInterval(lo, hi, Math.min(Math.max(startPoint, lo), hi)));
    }

    /**
     * Polishes an interior one-parameter optimum with Newton steps on central differences: near the
     * minimum the deviance is flat to rounding, so Brent's method can only place θ to about
     * √ε relative, while the root of the derivative is located to about ε / (h d'') — the closed
     * forms of balanced one-way layouts are then met to 1e-9 instead of 1e-7. A step is kept only
     * while it shrinks and the deviance does not rise beyond rounding.
     */
    private double[] newton1(Criterion c, double theta) {
        if (theta < BOUNDARY) {
            return new double[] {theta};
        }
        double at = c.value(new double[] {theta});
        double lastStep = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 6; i++) {
            double h = 1e-4 * theta;
            double up = profiledDeviance(new double[] {theta + h}, c.est);
            double dn = profiledDeviance(new double[] {theta - h}, c.est);
            double curvature = (up - 2 * at + dn) / (h * h);
            if (!(curvature > 0)) {
                break;
            }
            double step = -(up - dn) / (2 * h) / curvature;
            if (!(Math.abs(step) < Math.min(lastStep, 1e-3 * theta)) || theta + step < BOUNDARY) {
                break;
            }
            double v = profiledDeviance(new double[] {theta + step}, c.est);
            if (v > at + 1e-12 * Math.max(1, Math.abs(at))) {
                break;
            }
            theta += step;
            at = v;
            lastStep = Math.abs(step);
        }
        return new double[] {theta};
    }

    private void bobyqa(Criterion c, double[] start, boolean[] diag) {
        int k = diag.length;
        double[] lower = new double[k];
        double[] upper = new double[k];
        for (int i = 0; i < k; i++) {
            lower[i] = diag[i] ? 0 : -1e3;
            upper[i] = 1e3;
        }
        ObjectiveFunction f = new ObjectiveFunction(c::value);
        new BOBYQAOptimizer(2 * k + 1, 0.5, 1e-8)
                .optimize(new MaxEval(Integer.MAX_VALUE), f, GoalType.MINIMIZE, new InitialGuess(start), new SimpleBounds(lower, upper));
        double[] polishStart = c.bestPoint.clone();
        for (int i = 0; i < k; i++) {
            if (diag[i]) {
                polishStart[i] = Math.max(polishStart[i], 0);
            }
        }
        new BOBYQAOptimizer(2 * k + 1, 1e-3, 1e-11)
                .optimize(new MaxEval(Integer.MAX_VALUE), f, GoalType.MINIMIZE, new InitialGuess(polishStart), new SimpleBounds(lower, upper));
    }

    /**
     * Why the optimum is (not) certified ({@code reason} null when it is), and where the positive
     * definite quadratic model of the criterion puts its minimum: the Newton step (zero for
     * parameters on the boundary; null when there is no such model) and its decrement g'H⁻¹g/2.
     */
    private record Certificate(String reason, double[] step, double decrement) {
        Certificate(String reason) {
            this(reason, null, Double.NaN);
        }

        boolean ok() {
            return reason == null;
        }
    }

    /**
     * The convergence certificate. Parameters on the boundary (a diagonal element of Λ below
     * {@link #BOUNDARY}) must not lower the deviance when moved into the interior (by 1e-3 and 1e-2);
     * for the others, the Hessian H of the profiled deviance (the Schur complement of σ in the
     * Hessian of the deviance in φ = (θ, σ), which equals the profiled Hessian because ∂d/∂σ = 0 at
     * σ̂(θ)) must be positive definite and the Newton decrement g'H⁻¹g/2 of the gradient g below
     * {@link #NEWTON_DECREMENT_TOL}: a Newton step could lower the deviance by no more than that.
     */
    private Certificate certify(double[] theta, boolean[] diag, Estimation est, double[][] phiHessian) {
        int k = theta.length;
        double at = profiledDeviance(theta, est);
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (diag[i] && Math.abs(theta[i]) < BOUNDARY) {
                for (double h : new double[] {1e-3, 1e-2}) {
                    double[] moved = theta.clone();
                    moved[i] = h;
                    if (profiledDeviance(moved, est) < at - NEWTON_DECREMENT_TOL) {
                        return new Certificate("the criterion still falls when a variance on the boundary (zero) is made positive");
                    }
                }
            } else {
                free.add(i);
            }
        }
        if (free.isEmpty()) {
            return new Certificate(null, new double[k], 0);
        }
        int f = free.size();
        double[] sub = new double[f];
        for (int a = 0; a < f; a++) {
            sub[a] = theta[free.get(a)];
        }
        double[] g = Derivatives.gradient(v -> {
            double[] full = theta.clone();
            for (int a = 0; a < f; a++) {
                full[free.get(a)] = v[a];
            }
            return profiledDeviance(full, est);
        }, sub);
        double[][] h = new double[f][f];
        double hss = phiHessian[k][k];
        for (int a = 0; a < f; a++) {
            for (int b = 0; b < f; b++) {
                int i = free.get(a);
                int j = free.get(b);
                h[a][b] = phiHessian[i][j] - phiHessian[i][k] * phiHessian[k][j] / hss;
            }
        }
        double[][] l = hss > 0 ? Dense.cholesky(h) : null;
        if (l == null) {
            return new Certificate("the curvature of the criterion at the reported optimum is not positive definite (a saddle point or a flat ridge)");
        }
        double[] z = Dense.forwardSolve(l, g);
        double decrement = dot(z, z) / 2;
        double tolerance = Math.max(NEWTON_DECREMENT_TOL, 10 * noise(theta, free, est, at));
        double[] x = Dense.backSolveTransposed(l, z);
        double[] step = new double[k];
        for (int a = 0; a < f; a++) {
            step[free.get(a)] = -x[a];
        }
        if (!(decrement < tolerance)) {
            return new Certificate("the gradient of the criterion at the reported optimum is not zero (Newton decrement " + (float) decrement
                    + " above " + (float) tolerance + ")", step, decrement);
        }
        return new Certificate(null, step, decrement);
    }

    /**
     * The rounding noise of the criterion near θ: the largest change of d under relative moves of
     * the free parameters by 1e-9 and 2e-9, which change the exact d by far less than rounding
     * (d' = 0, d'' δ² ≈ 1e-18 d''). On 256,000 rows d ≈ 6e5 and this is about 5e-6: a Newton
     * decrement below it cannot be resolved by any optimiser, so the certificate accepts a
     * decrement up to {@code max(1e-6, 10 noise)}.
     */
    private double noise(double[] theta, List<Integer> free, Estimation est, double at) {
        double worst = 0;
        for (double r : new double[] {-2e-9, -1e-9, 1e-9, 2e-9}) {
            double[] moved = theta.clone();
            for (int i : free) {
                moved[i] *= 1 + r;
            }
            worst = Math.max(worst, Math.abs(profiledDeviance(moved, est) - at));
        }
        return worst;
    }

    private double sigmaAt(double[] theta, Estimation est) {
        return Math.sqrt(evaluate(theta).r2() / (est == Estimation.REML ? n - p : n));
    }

    private double[][] phiHessian(double[] theta, Estimation est) {
        int k = theta.length;
        double[] phi = Arrays.copyOf(theta, k + 1);
        phi[k] = sigmaAt(theta, est);
        return Derivatives.hessian(v -> deviance(Arrays.copyOf(v, k), v[k], est), phi);
    }

    private Result optimise(Estimation est, List<String> fixedNames, Map<String, Integer> nGroups, int nDropped, long start, Settings settings) {
        int k = thetaSize(inner) + thetaSize(outer);
        boolean[] diag = isDiagonal();
        List<String> warnings = new ArrayList<>();
        Criterion criterion = new Criterion(est, settings.maxEvaluations());
        boolean limit = false;
        double[] theta;
        try {
            theta = search(criterion, diag).clone();
        } catch (BudgetExhausted e) {
            limit = true;
            theta = criterion.bestPoint.clone();
        }
        double[][] hessian = null;
        Certificate cert = null;
        if (!limit) {
            // certify; while the quadratic model still promises an improvement beyond the certificate's
            // tolerance, take its Newton step and certify again (at most three steps)
            for (int iteration = 0; ; iteration++) {
                hessian = phiHessian(theta, est);
                cert = certify(theta, diag, est, hessian);
                if (cert.ok() || cert.step() == null || iteration == 3) {
                    break;
                }
                double[] candidate = theta.clone();
                boolean inside = true;
                for (int i = 0; i < k; i++) {
                    candidate[i] += cert.step()[i];
                    inside &= !diag[i] || candidate[i] >= 0;
                }
                double now = profiledDeviance(theta, est);
                if (!inside || profiledDeviance(candidate, est) > now + 1e-12 * Math.max(1, Math.abs(now))) {
                    break;
                }
                theta = candidate;
            }
        }
        boolean singular = false;
        for (int i = 0; i < k; i++) {
            if (diag[i] && Math.abs(theta[i]) < BOUNDARY) {
                singular = true;
            }
        }
        Eval e = evaluate(theta);
        double dev = profiledDeviance(theta, est);
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
            double[] phi = Arrays.copyOf(theta, k + 1);
            phi[k] = sigma;
            converged = cert.ok();
            if (!converged) {
                warnings.add("not converged: " + cert.reason() + "; df, p and confidence intervals are not reported. Simplify the random"
                        + " effects (e.g. drop a random slope or a level) or rescale covariates so their variances are of similar size");
            } else {
                dfs = satterthwaite(phi, hessian);
            }
        }
        if (singular) {
            warnings.add("boundary (singular) fit: a random-effect variance is estimated as (near) zero; simplify the random effects");
        }
        List<FixedEffect> fixed = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            fixed.add(inference(fixedNames.get(j), beta[j], Math.sqrt(sigma2 * xtxInv[j][j]), dfs[j], converged, Ddf.SATTERTHWAITE,
                    settings.level(), warnings));
        }
        List<VarianceComponent> vc = new ArrayList<>();
        int offset = 0;
        for (Term t : outer == null ? List.of(inner) : List.of(inner, outer)) {
            double[] l = flatLambda(theta, offset, t.q());
            offset += thetaSize(t);
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

    /**
     * One fixed effect's t, p and interval from its estimate, se and df, where nothing undefined
     * passes as a number: a se that is not positive and finite, a df that is not (when the fit is
     * converged, otherwise df is not reported anyway) or a p outside [0, 1] becomes NaN (null in
     * JSON) with the reason in {@code warnings}.
     */
    private static FixedEffect inference(String name, double estimate, double se, double df, boolean converged, Ddf ddf, double level,
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
     * A REML fit with Kenward–Roger inference (pbkrtest 0.5 through lmerTest's
     * {@code summary(ddf = "Kenward-Roger")}): the adjusted covariance Φ_A of the fixed effects
     * gives se and t, {@link KenwardRoger} the df; p and the intervals use those df. A fit that is
     * not converged reports no df, p or interval, as with Satterthwaite.
     *
     * @throws IllegalArgumentException for ML (Kenward–Roger is defined for REML, as in R), or when
     *         the model is above the size {@link KenwardRoger} handles
     */
    public static Result fitKenwardRoger(Formula formula, DataTable data, Estimation estimation, Settings settings) {
        if (estimation != Estimation.REML) {
            throw new IllegalArgumentException("Kenward-Roger needs a REML fit (as lmerTest and pbkrtest); drop --ml or use --ddf satterthwaite");
        }
        long start = System.nanoTime();
        Result fit = fit(formula, data, Estimation.REML, settings);
        List<String> warnings = new ArrayList<>(fit.warnings());
        List<FixedEffect> fixed = new ArrayList<>();
        if (fit.converged()) {
            Map<String, KenwardRoger.Coefficient> kr = new HashMap<>();
            KenwardRoger.adjust(formula, data, fit).coefficients().forEach(c -> kr.put(c.term(), c));
            for (FixedEffect fe : fit.fixedEffects()) {
                KenwardRoger.Coefficient c = kr.get(fe.term());
                fixed.add(inference(fe.term(), fe.estimate(), c.se(), c.df(), true, Ddf.KENWARD_ROGER, settings.level(), warnings));
            }
        } else {
            for (FixedEffect fe : fit.fixedEffects()) {
                fixed.add(inference(fe.term(), fe.estimate(), fe.se(), Double.NaN, false, Ddf.KENWARD_ROGER, settings.level(), warnings));
            }
        }
        return new Result(fit.estimation(), fit.nObs(), fit.nDropped(), fit.nGroups(), fixed, fit.varianceComponents(), fit.logLik(), fit.aic(),
                fit.bic(), fit.converged(), fit.singular(), warnings, fit.theta(), fit.sigma(), (System.nanoTime() - start) / 1e9,
                Ddf.KENWARD_ROGER);
    }

    // ---- Satterthwaite -------------------------------------------------------------------------

    /**
     * lmerTest's Satterthwaite df from the Hessian H of the deviance in φ = (θ, σ):
     * {@code df_j = 2 V_jj² / (∇V_jj' A ∇V_jj)}, {@code A = 2 H⁻¹}, {@code V = σ² (R_X'R_X)⁻¹}.
     */
    private double[] satterthwaite(double[] phi, double[][] h) {
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
            Eval e = evaluate(Arrays.copyOf(v, k));
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

    // ---- helpers -------------------------------------------------------------------------------

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
