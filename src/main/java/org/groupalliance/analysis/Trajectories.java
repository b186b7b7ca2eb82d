package org.groupalliance.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-member straight-line trajectory of a measure over sessions, by ordinary least squares:
 * {@code y = a + b t}, {@code b = S_ty / S_tt}, {@code a = ȳ - b t̄},
 * {@code SE(b) = sqrt(RSS / (n - 2) / S_tt)}, and Pearson's r of y with t.
 * As R's {@code lm(y ~ t)} per member. Rows with a missing value are dropped; a member with fewer
 * than two distinct times has NaN slope, one with two points has NaN slope SE (no residual df).
 */
public final class Trajectories {

    /** One member's line. */
    public record Line(String id, int n, double intercept, double slope, double slopeSe, double r) {
    }

    private Trajectories() {
    }

    public static List<Line> fit(String[] ids, double[] time, double[] value) {
        Map<String, List<double[]>> byId = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != null && !Double.isNaN(time[i]) && !Double.isNaN(value[i])) {
                byId.computeIfAbsent(ids[i], k -> new ArrayList<>()).add(new double[] {time[i], value[i]});
            }
        }
        List<String> order = new ArrayList<>(byId.keySet());
        order.sort(Aggregation.groupOrder(order.toArray(String[]::new)));
        List<Line> lines = new ArrayList<>();
        for (String id : order) {
            List<double[]> pts = byId.get(id);
            int n = pts.size();
            double[] t = pts.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = pts.stream().mapToDouble(p -> p[1]).toArray();
            double tm = n == 0 ? Double.NaN : Stats.mean(t);
            double ym = n == 0 ? Double.NaN : Stats.mean(y);
            double stt = 0;
            double sty = 0;
            double syy = 0;
            for (int i = 0; i < n; i++) {
                stt += (t[i] - tm) * (t[i] - tm);
                sty += (t[i] - tm) * (y[i] - ym);
                syy += (y[i] - ym) * (y[i] - ym);
            }
            if (n < 2 || stt == 0) {
                lines.add(new Line(id, n, n == 0 ? Double.NaN : ym, Double.NaN, Double.NaN, Double.NaN));
                continue;
            }
            double b = sty / stt;
            double a = ym - b * tm;
            double rss = 0;
            for (int i = 0; i < n; i++) {
                double e = y[i] - a - b * t[i];
                rss += e * e;
            }
            double se = n > 2 ? Math.sqrt(rss / (n - 2) / stt) : Double.NaN;
            double r = syy == 0 ? Double.NaN : sty / Math.sqrt(stt * syy);
            lines.add(new Line(id, n, a, b, se, r));
        }
        return lines;
    }
}
