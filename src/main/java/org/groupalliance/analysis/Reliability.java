package org.groupalliance.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Internal consistency of a scale, as {@code psych::alpha} reports it for complete data.
 *
 * <p>For {@code k} items with covariance matrix {@code C} and total score {@code T = sum of items}:
 * <ul>
 *   <li>raw alpha {@code = k/(k-1) * (1 - tr(C) / sum(C))} (Cronbach 1951);</li>
 *   <li>standardised alpha {@code = k * rbar / (1 + (k - 1) * rbar)}, {@code rbar} the mean
 *       off-diagonal inter-item correlation ({@code average_r});</li>
 *   <li>{@code r.drop}: correlation of each item with the sum of the other items (corrected
 *       item-total correlation);</li>
 *   <li>alpha if dropped: raw alpha of the remaining {@code k - 1} items.</li>
 * </ul>
 * Rows with any missing item are dropped first (listwise). Reverse-keyed items must be recoded
 * before (any {@code c - x} recoding gives the same results).
 */
public final class Reliability {

    /** Per-item statistics. */
    public record Item(int index, double rDrop, double alphaIfDropped) {
    }

    /** The result: raw and standardised alpha, mean inter-item correlation, per-item statistics. */
    public record Result(int nObs, double rawAlpha, double stdAlpha, double averageR, List<Item> items) {
        public Result {
            items = List.copyOf(items);
        }
    }

    private Reliability() {
    }

    /** @param data rows are respondents, columns items; NaN is missing (the row is dropped) */
    public static Result alpha(double[][] data) {
        int k = data.length == 0 ? 0 : data[0].length;
        if (k < 2) {
            throw new IllegalArgumentException("Cronbach's alpha needs at least two items");
        }
        List<double[]> rows = new ArrayList<>();
        for (double[] row : data) {
            boolean complete = true;
            for (double v : row) {
                complete &= !Double.isNaN(v);
            }
            if (complete) {
                rows.add(row);
            }
        }
        int n = rows.size();
        if (n < 3) {
            throw new IllegalArgumentException("Cronbach's alpha needs at least three complete rows, found " + n);
        }
        double[][] cols = new double[k][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                cols[j][i] = rows.get(i)[j];
            }
        }
        double[][] cov = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                cov[a][b] = cov[b][a] = Stats.covariance(cols[a], cols[b]);
            }
        }
        double rSum = 0;
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                rSum += cov[a][b] / Math.sqrt(cov[a][a] * cov[b][b]);
            }
        }
        double averageR = rSum / (k * (k - 1) / 2.0);
        double stdAlpha = k * averageR / (1 + (k - 1) * averageR);
        double rawAlpha = rawAlpha(cov, -1);
        List<Item> items = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            double[] rest = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int b = 0; b < k; b++) {
                    if (b != j) {
                        s += cols[b][i];
                    }
                }
                rest[i] = s;
            }
            items.add(new Item(j, Stats.pearson(cols[j], rest), k > 2 ? rawAlpha(cov, j) : Double.NaN));
        }
        return new Result(n, rawAlpha, stdAlpha, averageR, items);
    }

    /** Raw alpha from a covariance matrix, leaving out item {@code drop} (or none when -1). */
    private static double rawAlpha(double[][] cov, int drop) {
        int k = 0;
        double trace = 0;
        double total = 0;
        for (int a = 0; a < cov.length; a++) {
            if (a == drop) {
                continue;
            }
            k++;
            trace += cov[a][a];
            for (int b = 0; b < cov.length; b++) {
                if (b != drop) {
                    total += cov[a][b];
                }
            }
        }
        return k / (k - 1.0) * (1 - trace / total);
    }
}
