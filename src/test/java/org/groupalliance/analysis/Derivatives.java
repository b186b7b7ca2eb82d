package org.groupalliance.analysis;

import java.util.function.ToDoubleFunction;

/**
 * Numerical first and second derivatives by central differences with Richardson extrapolation
 * from a base step of 1e-2 relative (smaller steps let rounding in the deviance dominate; checked
 * against lmerTest, which agrees to about 1e-6), over four halvings, as R's numDeriv does.
 */
final class Derivatives {
    // kept as the test oracle of VarianceDerivatives (the engine uses analytic derivatives since #8)

    private static final int ROUNDS = 4;

    private Derivatives() {
    }

    private static double step(double x) {
        return 1e-2 * Math.max(Math.abs(x), 0.1);
    }

    static double[] gradient(ToDoubleFunction<double[]> f, double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            final int idx = i;
            g[i] = richardson(h -> {
                double[] a = x.clone();
                double[] b = x.clone();
                a[idx] += h;
                b[idx] -= h;
                return (f.applyAsDouble(a) - f.applyAsDouble(b)) / (2 * h);
            }, step(x[i]));
        }
        return g;
    }

    /** Jacobian of a vector-valued function: rows are outputs, columns parameters (evaluations shared by all outputs). */
    static double[][] jacobian(java.util.function.Function<double[], double[]> f, double[] x) {
        int outputs = f.apply(x).length;
        double[][] jac = new double[outputs][x.length];
        for (int i = 0; i < x.length; i++) {
            final int idx = i;
            double[][] table = new double[ROUNDS][];
            double h = step(x[i]);
            for (int r = 0; r < ROUNDS; r++) {
                double[] a = x.clone();
                double[] b = x.clone();
                a[idx] += h;
                b[idx] -= h;
                double[] fa = f.apply(a);
                double[] fb = f.apply(b);
                table[r] = new double[outputs];
                for (int o = 0; o < outputs; o++) {
                    table[r][o] = (fa[o] - fb[o]) / (2 * h);
                }
                h /= 2;
            }
            for (int o = 0; o < outputs; o++) {
                double[] est = new double[ROUNDS];
                for (int r = 0; r < ROUNDS; r++) {
                    est[r] = table[r][o];
                }
                jac[o][idx] = extrapolate(est);
            }
        }
        return jac;
    }

    static double[][] hessian(ToDoubleFunction<double[]> f, double[] x) {
        int k = x.length;
        double[][] h = new double[k][k];
        double f0 = f.applyAsDouble(x);
        for (int i = 0; i < k; i++) {
            final int a = i;
            h[i][i] = richardson(s -> {
                double[] up = x.clone();
                double[] dn = x.clone();
                up[a] += s;
                dn[a] -= s;
                return (f.applyAsDouble(up) - 2 * f0 + f.applyAsDouble(dn)) / (s * s);
            }, step(x[i]));
            for (int j = 0; j < i; j++) {
                final int b = j;
                double ratio = step(x[j]) / step(x[i]);
                h[i][j] = h[j][i] = richardson(s -> {
                    double t = s * ratio;
                    double[] pp = x.clone();
                    double[] pm = x.clone();
                    double[] mp = x.clone();
                    double[] mm = x.clone();
                    pp[a] += s;
                    pp[b] += t;
                    pm[a] += s;
                    pm[b] -= t;
                    mp[a] -= s;
                    mp[b] += t;
                    mm[a] -= s;
                    mm[b] -= t;
                    return (f.applyAsDouble(pp) - f.applyAsDouble(pm) - f.applyAsDouble(mp) + f.applyAsDouble(mm)) / (4 * s * t);
                }, step(x[i]));
            }
        }
        return h;
    }

    /** Richardson extrapolation of O(h²) estimates already computed at halving steps. */
    private static double extrapolate(double[] first) {
        double[][] t = new double[ROUNDS][ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            t[i][0] = first[i];
            double factor = 4;
            for (int j = 1; j <= i; j++) {
                t[i][j] = t[i][j - 1] + (t[i][j - 1] - t[i - 1][j - 1]) / (factor - 1);
                factor *= 4;
            }
        }
        return t[ROUNDS - 1][ROUNDS - 1];
    }

    /** Richardson extrapolation of an O(h²) estimate over halving steps. */
    private static double richardson(java.util.function.DoubleUnaryOperator estimate, double h0) {
        double[] first = new double[ROUNDS];
        double h = h0;
        for (int i = 0; i < ROUNDS; i++) {
            first[i] = estimate.applyAsDouble(h);
            h /= 2;
        }
        return extrapolate(first);
    }
}
