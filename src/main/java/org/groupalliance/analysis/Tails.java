package org.groupalliance.analysis;

import org.apache.commons.math3.special.Beta;

/**
 * Tail probabilities computed directly from the regularised incomplete beta function, so that small
 * p values keep their relative precision (as R's {@code pt(..., lower.tail = FALSE)} and
 * {@code pf(..., lower.tail = FALSE)} do) instead of losing it in {@code 1 - cdf}.
 */
final class Tails {

    private Tails() {
    }

    /** Two-sided p of a t statistic: {@code P(|T_df| >= |t|) = I_{df/(df+t²)}(df/2, 1/2)}. */
    static double tTwoSided(double t, double df) {
        if (Double.isNaN(t) || Double.isNaN(df) || df <= 0) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return 0;
        }
        return Beta.regularizedBeta(df / (df + t * t), df / 2, 0.5, 1e-15, 100_000);
    }

    /** Upper tail of an F statistic: {@code P(F_{d1,d2} >= f) = I_{d2/(d2+d1 f)}(d2/2, d1/2)}. */
    static double fUpper(double f, double d1, double d2) {
        if (Double.isNaN(f) || d1 <= 0 || d2 <= 0) {
            return Double.NaN;
        }
        if (f <= 0) {
            return 1;
        }
        return Beta.regularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2, 1e-15, 100_000);
    }

    /** The quantile {@code t_{prob, df}} (R's {@code qt(prob, df)}), to 1e-13 absolute. */
    static double tQuantile(double prob, double df) {
        if (Double.isNaN(prob) || Double.isNaN(df) || df <= 0) {
            return Double.NaN;
        }
        return new org.apache.commons.math3.distribution.TDistribution(null, df, 1e-13).inverseCumulativeProbability(prob);
    }
}
