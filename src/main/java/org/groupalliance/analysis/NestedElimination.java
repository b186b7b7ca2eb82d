package org.groupalliance.analysis;

/**
 * The sufficient statistics of a linear mixed model with one random-effect term or two nested ones,
 * and the nested block elimination that evaluates the profiled quantities at θ from them (see
 * {@link MixedModel} for the model and the criteria).
 *
 * <p>Random effects of members are eliminated first (each member's block couples only to its
 * group's block, to β and to y), then those of groups. Everything is computed from per-member
 * sufficient statistics (Z'Z, Z'X, Z'y, and their group-level counterparts), accumulated in one pass
 * over the rows: an evaluation costs O(members · q³ + p³), independent of the number of rows.
 */
final class NestedElimination {

    final int n;
    final int p;
    final RandomTermDesign inner;
    final RandomTermDesign outer; // null for a single term
    final int[] outerOf; // inner level -> outer level
    // sufficient statistics, flat row-major: per inner level (member) and per outer level (group)
    final int q1;
    final int q2;
    final double[] aZZ; // m x (q1 x q1): Z'Z
    final double[] bWZ; // m x (q2 x q1): W'Z
    final double[] d1; // m x (q1 x p): Z'X
    final double[] e1; // m x q1: Z'y
    final double[] cWW; // g x (q2 x q2): W'W
    final double[] d2; // g x (q2 x p): W'X
    final double[] e2; // g x q2: W'y
    private final double[] xtx; // p x p
    private final double[] xty;
    private final double yty;
    final int[][] membersOfOuter;
    final int threads;

    NestedElimination(double[][] x, double[] y, RandomTermDesign inner, RandomTermDesign outer, int[] outerOf) {
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

    /** The number of θ elements of a term (its lower triangle), 0 for none. */
    static int thetaSize(RandomTermDesign t) {
        return t == null ? 0 : t.q() * (t.q() + 1) / 2;
    }

    /** Profiled quantities at θ. */
    record Eval(double logDetL, double logDetRX, double r2, double[][] xtxReduced, double[] xtyReduced, double[][] rX) {
    }

    Eval evaluate(double[] theta) {
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
        double r2 = yr - Dense.dot(c, c);
        return new Eval(total.logDet, Dense.logDetFromCholesky(rX), r2, xr, xyr, rX);
    }

    /** Λ as a flat row-major q x q lower-triangular matrix from θ (column-wise lower triangle, as lme4). */
    static double[] flatLambda(double[] theta, int offset, int q) {
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
}
