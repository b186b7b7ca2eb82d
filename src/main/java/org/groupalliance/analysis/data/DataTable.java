package org.groupalliance.analysis.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Columns of a data set, read once. A column is numeric ({@code double[]}, NaN = missing) or
 * categorical ({@code String[]}, null = missing).
 */
public final class DataTable {

    /** One column. Exactly one of {@code numbers} and {@code labels} is set. */
    public record Column(String name, double[] numbers, String[] labels) {
        public boolean isNumeric() {
            return numbers != null;
        }

        public boolean isMissing(int row) {
            return numbers != null ? Double.isNaN(numbers[row]) : labels[row] == null;
        }
    }

    private final int rows;
    private final Map<String, Column> columns;

    public DataTable(int rows, List<Column> columns) {
        this.rows = rows;
        Map<String, Column> map = new LinkedHashMap<>();
        for (Column c : columns) {
            int len = c.isNumeric() ? c.numbers().length : c.labels().length;
            if (len != rows) {
                throw new IllegalArgumentException("column " + c.name() + " has " + len + " rows, expected " + rows);
            }
            map.put(c.name(), c);
        }
        this.columns = Collections.unmodifiableMap(map);
    }

    public int rows() {
        return rows;
    }

    public Map<String, Column> columns() {
        return columns;
    }

    public Column column(String name) {
        Column c = columns.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown column '" + name + "'");
        }
        return c;
    }

    /** The column as numbers; a categorical column is an error naming the first non-numeric row. */
    public double[] numeric(String name) {
        Column c = column(name);
        if (!c.isNumeric()) {
            throw new IllegalArgumentException("column '" + name + "' must be numeric");
        }
        return c.numbers();
    }

    /** The column as labels (numbers are written as R prints them in a factor). */
    public String[] labels(String name) {
        Column c = column(name);
        if (!c.isNumeric()) {
            return c.labels();
        }
        String[] out = new String[rows];
        for (int i = 0; i < rows; i++) {
            double v = c.numbers()[i];
            out[i] = Double.isNaN(v) ? null : v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
        return out;
    }
}
