package org.groupalliance.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.groupalliance.analysis.data.DataTable;
import org.groupalliance.analysis.model.Formula;

/**
 * A random-effect term over the complete rows, shared by {@link MixedModel} and {@link KenwardRoger}:
 * its effect names, its columns {@code z[a][row]} (intercept and numeric slopes) and a dense level
 * per row, the levels numbered by first appearance of the combination of the grouping factors
 * (e.g. member:group).
 */
record RandomTermDesign(String group, List<String> names, double[][] z, int[] level, int nLevels) {

    int q() {
        return names.size();
    }

    /** The term {@code rt} over the rows {@code keep} of {@code data}. */
    static RandomTermDesign of(Formula.RandomTerm rt, DataTable data, int[] keep) {
        List<String> names = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        int n = keep.length;
        if (rt.intercept()) {
            names.add("(Intercept)");
            double[] one = new double[n];
            Arrays.fill(one, 1);
            cols.add(one);
        }
        for (Formula.Term t : rt.terms()) {
            double[] c = new double[n];
            Arrays.fill(c, 1);
            for (String v : t.variables()) {
                DataTable.Column col = data.column(v);
                if (!col.isNumeric()) {
                    throw new IllegalArgumentException("random slopes of text (factor) columns are not supported: " + v);
                }
                for (int i = 0; i < n; i++) {
                    c[i] *= col.numbers()[keep[i]];
                }
            }
            names.add(t.label());
            cols.add(c);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("random term (" + rt.groupName() + ") has no effects");
        }
        // intern each grouping factor's labels, then number the combinations (member:group) densely
        long[] key = new long[n];
        long radix = 1;
        for (String factor : rt.groupFactors()) {
            String[] labels = data.labels(factor);
            Map<String, Integer> ids = new HashMap<>();
            long size = 0;
            int[] id = new int[n];
            for (int i = 0; i < n; i++) {
                Integer v = ids.get(labels[keep[i]]);
                if (v == null) {
                    v = ids.size();
                    ids.put(labels[keep[i]], v);
                }
                id[i] = v;
            }
            size = ids.size();
            for (int i = 0; i < n; i++) {
                key[i] += id[i] * radix;
            }
            radix *= Math.max(size, 1);
        }
        Map<Long, Integer> index = new HashMap<>();
        int[] level = new int[n];
        for (int i = 0; i < n; i++) {
            Integer v = index.get(key[i]);
            if (v == null) {
                v = index.size();
                index.put(key[i], v);
            }
            level[i] = v;
        }
        return new RandomTermDesign(rt.groupName(), List.copyOf(names), cols.toArray(double[][]::new), level, index.size());
    }
}
