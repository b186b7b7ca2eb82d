package org.groupalliance.analysis.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import org.groupalliance.analysis.data.DataTable;

/**
 * The fixed-effects design matrix of a formula, built as R's {@code model.matrix} does for the
 * supported cases: an {@code (Intercept)} column; a numeric variable as itself; a text variable as
 * a factor with treatment contrasts (levels sorted, the first is the reference; columns named
 * {@code name + level}); an interaction as the products of its components' columns, the first
 * component varying fastest, named with {@code :}. Factors in interactions use treatment
 * contrasts, which equals R's coding when the interaction's main effects are in the model.
 */
public final class ModelMatrix {

    /** Column-major values over the rows kept, and the column names. */
    public record Design(List<String> names, double[][] columns, int rows) {
    }

    private ModelMatrix() {
    }

    /**
     * @param keep rows to use (complete cases of every variable the model uses)
     */
    public static Design build(Formula f, DataTable data, int[] keep) {
        List<String> names = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        int n = keep.length;
        if (f.intercept()) {
            names.add("(Intercept)");
            double[] one = new double[n];
            Arrays.fill(one, 1.0);
            cols.add(one);
        }
        for (Formula.Term term : f.fixed()) {
            List<String> tNames = List.of("");
            List<double[]> tCols = new ArrayList<>();
            double[] ones = new double[n];
            Arrays.fill(ones, 1.0);
            tCols.add(ones);
            boolean first = true;
            for (String var : term.variables()) {
                List<String> vNames = new ArrayList<>();
                List<double[]> vCols = new ArrayList<>();
                variableColumns(var, data, keep, vNames, vCols);
                // product: existing (faster) x new (slower)
                List<String> nn = new ArrayList<>();
                List<double[]> nc = new ArrayList<>();
                for (int b = 0; b < vCols.size(); b++) {
                    for (int a = 0; a < tCols.size(); a++) {
                        double[] prod = new double[n];
                        double[] x = tCols.get(a);
                        double[] y = vCols.get(b);
                        for (int i = 0; i < n; i++) {
                            prod[i] = x[i] * y[i];
                        }
                        nc.add(prod);
                        nn.add(first ? vNames.get(b) : tNames.get(a) + ":" + vNames.get(b));
                    }
                }
                tNames = nn;
                tCols = nc;
                first = false;
            }
            names.addAll(tNames);
            cols.addAll(tCols);
        }
        return new Design(List.copyOf(names), cols.toArray(double[][]::new), n);
    }

    private static void variableColumns(String var, DataTable data, int[] keep, List<String> names, List<double[]> cols) {
        DataTable.Column c = data.column(var);
        int n = keep.length;
        if (c.isNumeric()) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = c.numbers()[keep[i]];
            }
            names.add(var);
            cols.add(x);
            return;
        }
        List<String> levels = levels(c.labels(), keep);
        for (int l = 1; l < levels.size(); l++) {
            String level = levels.get(l);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = level.equals(c.labels()[keep[i]]) ? 1 : 0;
            }
            names.add(var + level);
            cols.add(x);
        }
    }

    /** Sorted distinct levels among the kept rows (R's default factor levels). */
    public static List<String> levels(String[] labels, int[] keep) {
        TreeSet<String> set = new TreeSet<>();
        for (int i : keep) {
            set.add(labels[i]);
        }
        return new ArrayList<>(set);
    }

    /** Rows where none of {@code variables} is missing. */
    public static int[] completeRows(DataTable data, java.util.Collection<String> variables) {
        List<DataTable.Column> cs = variables.stream().map(data::column).toList();
        int[] keep = new int[data.rows()];
        int k = 0;
        for (int i = 0; i < data.rows(); i++) {
            boolean ok = true;
            for (DataTable.Column c : cs) {
                if (c.isMissing(i)) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                keep[k++] = i;
            }
        }
        return Arrays.copyOf(keep, k);
    }
}
