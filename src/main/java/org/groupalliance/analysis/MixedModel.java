package org.groupalliance.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * and for coefficient j {@code df = 2 V_jj² / (∇V_jj' A ∇V_jj)}, with H and ∇V_jj analytic (exact up
 * to rounding; formulas in {@link VarianceDerivatives}) where lmerTest uses numDeriv. {@code logLik}, AIC and BIC follow lme4 (for REML fits the REML criterion;
 * parameters counted: p + |θ| + 1). Rows with a missing value in any used column are dropped.
 *
 * <p><b>Implementation.</b> This class holds the public API and the data set-up; the work is done by
 * package-private classes: {@link RandomTermDesign} (random-term columns and levels, shared with
 * {@link KenwardRoger}), {@link NestedElimination} (sufficient statistics and block elimination),
 * {@link ThetaOptimiser} (criterion, search, certificate), {@link FixedEffectInference}
 * (Satterthwaite df, t, p, intervals) and {@link FitAssembly} (the {@link Result}).
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

    private final NestedElimination elimination;
    private final ThetaOptimiser optimiser;
    /** The column of X that is all ones (-1 if none) and the mean subtracted from y to fit. */
    private int interceptColumn = -1;
    private double yShift;

    /** A diagonal element of Λ below this is on the boundary (lme4's singularity tolerance). */
    static final double BOUNDARY = ThetaOptimiser.BOUNDARY;

    private MixedModel(NestedElimination elimination) {
        this.elimination = elimination;
        this.optimiser = new ThetaOptimiser(elimination);
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
            return model.optimiser.profiledDeviance(theta, est);
        }

        /** The sufficient statistics and elimination of the model (for derivative tests). */
        NestedElimination elimination() {
            return model.elimination;
        }

        /** The criterion's optimiser (for derivative tests: its explicit-σ deviance). */
        ThetaOptimiser optimiser() {
            return model.optimiser;
        }

        /** Null when θ passes the convergence certificate, else the reason. */
        String certificate(double[] theta) {
            ThetaOptimiser o = model.optimiser;
            return o.certify(theta, o.isDiagonal(), est, o.derivatives(theta, est)).reason();
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
        List<RandomTermDesign> terms = new ArrayList<>();
        for (Formula.RandomTerm rt : formula.random()) {
            terms.add(RandomTermDesign.of(rt, data, keep));
        }
        // lme4 orders terms by decreasing number of levels: the inner (member) term first
        terms.sort((a, b) -> Integer.compare(b.nLevels(), a.nLevels()));
        RandomTermDesign inner = terms.get(0);
        RandomTermDesign outer = terms.size() > 1 ? terms.get(1) : null;
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
        MixedModel model = new MixedModel(new NestedElimination(design.columns(), y, inner, outer, outerOf));
        model.interceptColumn = interceptColumn;
        model.yShift = shift;
        Map<String, Integer> nGroups = new LinkedHashMap<>();
        for (RandomTermDesign t : terms) {
            nGroups.put(t.group(), t.nLevels());
        }
        return new Prepared(model, design.names(), nGroups, nDropped);
    }

    private Result optimise(Estimation est, List<String> fixedNames, Map<String, Integer> nGroups, int nDropped, long start, Settings settings) {
        ThetaOptimiser.Optimum optimum = optimiser.optimise(est, settings.maxEvaluations());
        return FitAssembly.assemble(elimination, optimiser, optimum, est, interceptColumn, yShift, fixedNames, nGroups, nDropped, start, settings);
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
            KenwardRoger.Result adjusted = KenwardRoger.adjust(formula, data, fit, settings.level());
            adjusted.coefficients().forEach(c -> kr.put(c.term(), c));
            warnings.addAll(adjusted.warnings());
            for (FixedEffect fe : fit.fixedEffects()) {
                KenwardRoger.Coefficient c = kr.get(fe.term());
                fixed.add(new FixedEffect(c.term(), c.estimate(), c.se(), c.df(), c.t(), c.p(), c.ciLower(), c.ciUpper()));
            }
        } else {
            for (FixedEffect fe : fit.fixedEffects()) {
                fixed.add(FixedEffectInference.inference(fe.term(), fe.estimate(), fe.se(), Double.NaN, false, Ddf.KENWARD_ROGER, settings.level(), warnings));
            }
        }
        return new Result(fit.estimation(), fit.nObs(), fit.nDropped(), fit.nGroups(), fixed, fit.varianceComponents(), fit.logLik(), fit.aic(),
                fit.bic(), fit.converged(), fit.singular(), warnings, fit.theta(), fit.sigma(), (System.nanoTime() - start) / 1e9,
                Ddf.KENWARD_ROGER);
    }
}
