package org.groupalliance.analysis;

/**
 * Descriptive summary of one set of values: n, mean, sample SD ({@code n - 1} denominator, as R's
 * {@code sd}), minimum and maximum. NaN values are left out; an empty set has NaN mean, a set of
 * one has NaN SD.
 */
public record Descriptives(int n, double mean, double sd, double min, double max) {

    public static Descriptives of(double[] values) {
        double[] x = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        if (x.length == 0) {
            return new Descriptives(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double sd = x.length < 2 ? Double.NaN : Math.sqrt(Stats.variance(x));
        return new Descriptives(x.length, Stats.mean(x), sd, java.util.Arrays.stream(x).min().orElseThrow(),
                java.util.Arrays.stream(x).max().orElseThrow());
    }
}
