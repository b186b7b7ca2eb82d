package org.groupalliance.analysis;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Bivariate association with significance tests, as R's {@code cor.test}.
 *
 * <ul>
 *   <li>Pearson: {@code t = r sqrt((n - 2) / (1 - r²))} on {@code n - 2} df, two-sided p; 95%
 *       confidence interval by Fisher's z: {@code tanh(atanh(r) ± z_.975 / sqrt(n - 3))}.</li>
 *   <li>Spearman: Pearson's r of the ranks (ties get their average rank), tested with the same
 *       t approximation ({@code cor.test(method = "spearman", exact = FALSE)}); no interval.</li>
 * </ul>
 * Pairs with a missing value are dropped.
 */
public final class Correlation {

    /** Which coefficient. */
    public enum Method { PEARSON, SPEARMAN }

    /** The coefficient, its test and (Pearson only) its 95% interval; NaN where undefined. */
    public record Result(Method method, double r, int n, double t, int df, double p, double ciLow, double ciHigh) {
    }

    private static final double Z975 = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.975);

    private Correlation() {
    }

    public static Result test(double[] x, double[] y, Method method) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length");
        }
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                n++;
            }
        }
        if (n < 3) {
            throw new IllegalArgumentException("A correlation test needs at least three complete pairs, found " + n);
        }
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0, k = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                a[k] = x[i];
                b[k++] = y[i];
            }
        }
        if (method == Method.SPEARMAN) {
            a = ranks(a);
            b = ranks(b);
        }
        double r = Stats.pearson(a, b);
        int df = n - 2;
        double t = r * Math.sqrt(df / (1 - r * r));
        double p = Tails.tTwoSided(t, df);
        double low = Double.NaN;
        double high = Double.NaN;
        if (method == Method.PEARSON && n > 3) {
            double z = 0.5 * Math.log((1 + r) / (1 - r));
            double half = Z975 / Math.sqrt(n - 3);
            low = Math.tanh(z - half);
            high = Math.tanh(z + half);
        }
        return new Result(method, r, n, t, df, p, low, high);
    }

    /** Ranks 1..n with ties averaged (R's {@code rank(ties.method = "average")}). */
    static double[] ranks(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (i, j) -> Double.compare(x[i], x[j]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }
}
