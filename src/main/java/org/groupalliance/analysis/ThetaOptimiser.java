package org.groupalliance.analysis;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.groupalliance.analysis.MixedModel.Estimation;

/**
 * The profiled (REML or ML) criterion of a {@link MixedModel} as a function of θ, its optimisation
 * (a scan and Brent's method for one parameter; BOBYQA with a polishing run, grid restarts and
 * boundary restarts for more) and the convergence certificate, with Newton steps on the certificate's
 * quadratic model while it still promises an improvement.
 */
final class ThetaOptimiser {

    private final NestedElimination elimination;
    private final int n;
    private final int p;
    private final RandomTermDesign inner;
    private final RandomTermDesign outer; // null for a single term

    ThetaOptimiser(NestedElimination elimination) {
        this.elimination = elimination;
        this.n = elimination.n;
        this.p = elimination.p;
        this.inner = elimination.inner;
        this.outer = elimination.outer;
    }

    /**
     * The θ found ({@code limit} when the evaluation budget ran out first: then θ is the best point
     * evaluated and there are neither derivatives nor certificate), the analytic derivatives of the
     * deviance in φ = (θ, σ) at θ and σ̂(θ), and the certificate.
     */
    record Optimum(double[] theta, boolean limit, VarianceDerivatives.PhiDerivatives derivatives, Certificate certificate) {
    }

    /** Searches θ within {@code maxEvaluations} evaluations of the criterion and certifies the result. */
    Optimum optimise(Estimation est, int maxEvaluations) {
        boolean[] diag = isDiagonal();
        Criterion criterion = new Criterion(est, maxEvaluations);
        boolean limit = false;
        double[] theta;
        try {
            theta = search(criterion, diag).clone();
        } catch (BudgetExhausted e) {
            limit = true;
            theta = criterion.bestPoint.clone();
        }
        VarianceDerivatives.PhiDerivatives derivatives = null;
        Certificate cert = null;
        if (!limit) {
            // certify; while the quadratic model still promises an improvement beyond the certificate's
            // tolerance, take its Newton step and certify again (at most three steps)
            for (int iteration = 0; ; iteration++) {
                derivatives = derivatives(theta, est);
                cert = certify(theta, diag, est, derivatives);
                if (cert.ok() || cert.step() == null || iteration == 3) {
                    break;
                }
                double[] candidate = step(theta, cert, diag);
                double now = profiledDeviance(theta, est);
                if (candidate == null || profiledDeviance(candidate, est) > now + 1e-12 * Math.max(1, Math.abs(now))) {
                    break;
                }
                theta = candidate;
            }
            // polish a certified optimum with Newton steps on the analytic gradient and Hessian: the
            // derivative-free search places θ only to about √(rounding of the criterion), the root of
            // the exact gradient is found to rounding. A step is kept only while the candidate is
            // certified with a smaller Newton decrement (the deviance itself is flat to rounding there).
            for (int iteration = 0; cert.ok() && cert.step() != null && cert.decrement() > POLISHED && iteration < POLISH_STEPS; iteration++) {
                double[] candidate = step(theta, cert, diag);
                if (candidate == null) {
                    break;
                }
                VarianceDerivatives.PhiDerivatives candidateDerivatives = derivatives(candidate, est);
                Certificate candidateCert = certify(candidate, diag, est, candidateDerivatives);
                if (!candidateCert.ok() || !(candidateCert.decrement() < cert.decrement())) {
                    break;
                }
                theta = candidate;
                derivatives = candidateDerivatives;
                cert = candidateCert;
            }
        }
        return new Optimum(theta, limit, derivatives, cert);
    }

    /** Newton steps that polish a certified optimum (each about doubles the correct digits, so few are needed). */
    private static final int POLISH_STEPS = 4;
    /** A Newton decrement below which θ is polished enough (θ then within ~1e-7 √(2/H) of the root; df to ~1e-11 on the fixtures). */
    private static final double POLISHED = 1e-14;

    /** θ plus the certificate's Newton step, or null when that leaves the feasible region (a negative diagonal element of Λ). */
    private static double[] step(double[] theta, Certificate cert, boolean[] diag) {
        double[] candidate = theta.clone();
        for (int i = 0; i < theta.length; i++) {
            candidate[i] += cert.step()[i];
            if (diag[i] && candidate[i] < 0) {
                return null;
            }
        }
        return candidate;
    }

    boolean[] isDiagonal() {
        boolean[] d = new boolean[NestedElimination.thetaSize(inner) + NestedElimination.thetaSize(outer)];
        int k = 0;
        for (RandomTermDesign t : outer == null ? List.of(inner) : List.of(inner, outer)) {
            for (int j = 0; j < t.q(); j++) {
                for (int i = j; i < t.q(); i++) {
                    d[k++] = i == j;
                }
            }
        }
        return d;
    }

    double profiledDeviance(double[] theta, Estimation est) {
        NestedElimination.Eval e = elimination.evaluate(theta);
        if (est == Estimation.REML) {
            int df = n - p;
            return e.logDetL() + e.logDetRX() + df * (1 + Math.log(2 * Math.PI * e.r2() / df));
        }
        return e.logDetL() + n * (1 + Math.log(2 * Math.PI * e.r2() / n));
    }

    /** The deviance with σ explicit (not profiled), as lmerTest differentiates it (the tests' finite-difference oracle). */
    double deviance(double[] theta, double sigma, Estimation est) {
        NestedElimination.Eval e = elimination.evaluate(theta);
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
    record Certificate(String reason, double[] step, double decrement) {
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
     * Gradient and Hessian are the analytic ones of {@link VarianceDerivatives} (the gradient of the
     * profiled deviance in θ is ∂D/∂θ at σ̂(θ)).
     */
    Certificate certify(double[] theta, boolean[] diag, Estimation est, VarianceDerivatives.PhiDerivatives derivatives) {
        double[][] phiHessian = derivatives.hessian();
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
        double[] g = new double[f];
        for (int a = 0; a < f; a++) {
            g[a] = derivatives.gradient()[free.get(a)];
        }
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
        double decrement = Dense.dot(z, z) / 2;
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
        return Math.sqrt(elimination.evaluate(theta).r2() / (est == Estimation.REML ? n - p : n));
    }

    /** The analytic gradient and Hessian of the deviance in φ = (θ, σ), and the Jacobian of Var(β̂), at θ and σ̂(θ). */
    VarianceDerivatives.PhiDerivatives derivatives(double[] theta, Estimation est) {
        return VarianceDerivatives.phi(elimination, theta, sigmaAt(theta, est), est);
    }
}
