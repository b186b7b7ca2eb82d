package org.groupalliance.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * Checks that justify using group means (members nested in groups), and centring.
 *
 * <p>References: Bliese (2000), "Within-group agreement, non-independence, and reliability",
 * and the R package {@code multilevel} (functions {@code ICC1}, {@code ICC2}, {@code rwg},
 * {@code rwg.j}), whose results these reproduce exactly, including their edge cases.
 */
public final class Aggregation {

    /** One-way ANOVA of a value on group membership and the two intraclass correlations. */
    public record IccResult(double icc1, double icc2, double msBetween, double msWithin, int dfBetween, int dfWithin,
                            double f, double p, int nObs, int nGroups) {
    }

    /** Within-group agreement of one group ({@code rwg} or {@code rwg(j)}); NaN for a group of one. */
    public record GroupAgreement(String group, double value, int n) {
    }

    /** Agreement per group with the mean and median over groups where it is defined. */
    public record AgreementResult(List<GroupAgreement> perGroup, double mean, double median) {
        public AgreementResult {
            perGroup = List.copyOf(perGroup);
        }
    }

    private Aggregation() {
    }

    /**
     * ICC(1) and ICC(2) from a one-way ANOVA with unequal group sizes, as {@code multilevel::ICC1/ICC2}
     * on {@code aov(value ~ as.factor(group))}:
     * {@code ICC1 = (MSB - MSW) / (MSB + (kbar - 1) MSW)} with {@code kbar = N / J} (the mean group
     * size, as the package computes it), {@code ICC2 = (MSB - MSW) / MSB}, {@code F = MSB / MSW} on
     * {@code (J - 1, N - J)} df. Observations with a missing value are dropped.
     */
    public static IccResult icc(double[] values, String[] groups) {
        Map<String, double[]> sums = new LinkedHashMap<>(); // group -> {n, sum}
        double grand = 0;
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i]) || groups[i] == null) {
                continue;
            }
            double[] s = sums.computeIfAbsent(groups[i], g -> new double[2]);
            s[0]++;
            s[1] += values[i];
            grand += values[i];
            n++;
        }
        int j = sums.size();
        if (j < 2 || n <= j) {
            throw new IllegalArgumentException("ICC needs at least two groups and more observations than groups");
        }
        double grandMean = grand / n;
        double ssb = 0;
        for (double[] s : sums.values()) {
            double d = s[1] / s[0] - grandMean;
            ssb += s[0] * d * d;
        }
        double ssw = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i]) || groups[i] == null) {
                continue;
            }
            double[] s = sums.get(groups[i]);
            double d = values[i] - s[1] / s[0];
            ssw += d * d;
        }
        int dfb = j - 1;
        int dfw = n - j;
        double msb = ssb / dfb;
        double msw = ssw / dfw;
        double gsize = (double) n / j;
        double f = msb / msw;
        return new IccResult((msb - msw) / (msb + (gsize - 1) * msw), (msb - msw) / msb, msb, msw, dfb, dfw, f,
                Tails.fUpper(f, dfb, dfw), n, j);
    }

    /**
     * {@code rwg} of a single item per group (James, Demaree and Wolf 1984), as {@code multilevel::rwg}:
     * {@code rwg = 1 - min(s², ranvar) / ranvar}, {@code s²} the group's sample variance and
     * {@code ranvar} the variance of the null distribution (uniform over A options: {@code (A² - 1) / 12}).
     * Groups of one member get NaN (R's NA).
     */
    public static AgreementResult rwg(double[] values, String[] groups, double ranvar) {
        Map<String, List<Double>> byGroup = new java.util.TreeMap<>(groupOrder(groups));
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i]) && groups[i] != null) {
                byGroup.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(values[i]);
            }
        }
        List<GroupAgreement> out = new ArrayList<>();
        byGroup.forEach((g, list) -> {
            double[] x = list.stream().mapToDouble(Double::doubleValue).toArray();
            double value = Double.NaN;
            if (x.length > 1) {
                double v = Math.min(Stats.variance(x), ranvar);
                value = 1 - v / ranvar;
            }
            out.add(new GroupAgreement(g, value, x.length));
        });
        return summarise(out);
    }

    /**
     * {@code rwg(j)} of a J-item scale per group (James, Demaree and Wolf 1984), as
     * {@code multilevel::rwg.j}: with {@code s̄²} the mean of the items' within-group variances
     * (truncated at {@code ranvar}), {@code rwg(j) = J (1 - s̄²/ranvar) / (J (1 - s̄²/ranvar) + s̄²/ranvar)}.
     * Rows with any missing item are dropped first; groups of one row get NaN.
     */
    public static AgreementResult rwgJ(double[][] items, String[] groups, double ranvar) {
        int jItems = items[0].length;
        Map<String, List<double[]>> byGroup = new java.util.TreeMap<>(groupOrder(groups));
        for (int i = 0; i < items.length; i++) {
            boolean complete = groups[i] != null;
            for (double v : items[i]) {
                complete &= !Double.isNaN(v);
            }
            if (complete) {
                byGroup.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(items[i]);
            }
        }
        List<GroupAgreement> out = new ArrayList<>();
        byGroup.forEach((g, rows) -> {
            double value = Double.NaN;
            if (rows.size() > 1) {
                double s = 0;
                for (int c = 0; c < jItems; c++) {
                    final int col = c;
                    s += Stats.variance(rows.stream().mapToDouble(r -> r[col]).toArray());
                }
                s = Math.min(s / jItems, ranvar);
                double a = jItems * (1 - s / ranvar);
                value = a / (a + s / ranvar);
            }
            out.add(new GroupAgreement(g, value, rows.size()));
        });
        return summarise(out);
    }

    /** Group-mean centring: each value minus its group's mean (missing values stay missing and do not count). */
    public static double[] groupMeanCentre(double[] values, String[] groups) {
        double[] means = groupMeans(values, groups);
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] - means[i];
        }
        return out;
    }

    /** Each observation's group mean (over the group's non-missing values). */
    public static double[] groupMeans(double[] values, String[] groups) {
        Map<String, double[]> sums = new java.util.HashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                double[] s = sums.computeIfAbsent(groups[i], g -> new double[2]);
                s[0]++;
                s[1] += values[i];
            }
        }
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double[] s = sums.get(groups[i]);
            out[i] = s == null ? Double.NaN : s[1] / s[0];
        }
        return out;
    }

    /** Grand-mean centring: each value minus the mean of all non-missing values. */
    public static double[] grandMeanCentre(double[] values) {
        double m = Stats.mean(java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray());
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] - m;
        }
        return out;
    }

    private static AgreementResult summarise(List<GroupAgreement> perGroup) {
        double[] defined = perGroup.stream().mapToDouble(GroupAgreement::value).filter(v -> !Double.isNaN(v)).toArray();
        return new AgreementResult(perGroup, defined.length == 0 ? Double.NaN : Stats.mean(defined), Stats.median(defined));
    }

    /** R's split() order: numeric group ids sort as numbers, others as strings. */
    static java.util.Comparator<String> groupOrder(String[] groups) {
        boolean numeric = java.util.Arrays.stream(groups).filter(java.util.Objects::nonNull).allMatch(Aggregation::isNumber);
        return numeric ? java.util.Comparator.comparingDouble(Double::parseDouble) : java.util.Comparator.naturalOrder();
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
