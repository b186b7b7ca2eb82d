package org.groupalliance.analysis;

/** Small numerically careful helpers shared by the engine (two-pass means and variances). */
final class Stats {

    private Stats() {
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        double m = s / x.length;
        // second pass removes most rounding error of the first (as R's mean does)
        double c = 0;
        for (double v : x) {
            c += v - m;
        }
        return m + c / x.length;
    }

    /** Sample variance with denominator n - 1 (R's {@code var}); NaN for fewer than two values. */
    static double variance(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double m = mean(x);
        double ss = 0;
        double comp = 0;
        for (double v : x) {
            double d = v - m;
            ss += d * d;
            comp += d;
        }
        return (ss - comp * comp / x.length) / (x.length - 1);
    }

    static double covariance(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - mx) * (y[i] - my);
        }
        return s / (x.length - 1);
    }

    static double pearson(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    static double median(double[] x) {
        double[] s = x.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }
}
