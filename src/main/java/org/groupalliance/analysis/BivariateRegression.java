package org.groupalliance.analysis;

import java.util.List;

/**
 * Simple regression of y on x with an intercept, as R's {@code lm(y ~ x)} with
 * {@code summary()} and {@code confint()}: slope {@code b = Sxy / Sxx}, its standard error
 * {@code sqrt(s² / Sxx)} with {@code s² = RSS / (n - 2)}, t and two-sided p on {@code n - 2} df,
 * the 95 % interval {@code b ± t_{.975, n-2} · se} and {@code R² = 1 - RSS / TSS}. Fitted by
 * {@link LinearRegression} (Householder QR); pairs with a missing value are dropped.
 */
public final class BivariateRegression {

    /** The slope with its test and interval, R² and the number of complete pairs. */
    public record Result(int n, double intercept, double slope, double se, double df, double t, double p, double ciLow, double ciHigh,
                         double rSquared) {
    }

    private BivariateRegression() {
    }

    public static Result fit(double[] x, double[] y) {
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
            throw new IllegalArgumentException("a regression slope with a standard error needs at least three complete pairs, found " + n);
        }
        double[] one = new double[n];
        double[] a = new double[n];
        double[] b = new double[n];
        java.util.Arrays.fill(one, 1);
        for (int i = 0, k = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                a[k] = x[i];
                b[k++] = y[i];
            }
        }
        LinearRegression.Result r = LinearRegression.fit(List.of("(Intercept)", "x"), new double[][] {one, a}, b, true, x.length - n);
        LinearRegression.Coefficient slope = r.coefficients().get(1);
        double half = Tails.tQuantile(0.975, slope.df()) * slope.se();
        return new Result(n, r.coefficients().get(0).estimate(), slope.estimate(), slope.se(), slope.df(), slope.t(), slope.p(),
                slope.estimate() - half, slope.estimate() + half, r.rSquared());
    }
}
