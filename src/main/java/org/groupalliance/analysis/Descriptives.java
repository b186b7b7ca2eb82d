package org.groupalliance.analysis;

import java.util.Arrays;

/**
 * Mean and standard deviation of the non-missing values of a sample, with the engine's two-pass
 * arithmetic (R's {@code mean(x, na.rm = TRUE)} and {@code sd(x, na.rm = TRUE)}).
 */
public final class Descriptives {

    /** n non-missing values, their mean (NaN when n = 0) and sample SD with denominator n - 1 (NaN when n < 2). */
    public record Summary(int n, double mean, double sd) {
    }

    private Descriptives() {
    }

    public static Summary of(double[] values) {
        double[] x = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        if (x.length == 0) {
            return new Summary(0, Double.NaN, Double.NaN);
        }
        return new Summary(x.length, Stats.mean(x), Math.sqrt(Stats.variance(x)));
    }
}
