package org.groupalliance.export.file;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * A headerless, numbers-only data file for programs that cannot read text or empty cells (Mplus's
 * free format): one line per row, values separated by one space, {@code .} decimal, a missing value
 * written as {@link #MISSING} and an item that does not apply as {@link #NOT_APPLICABLE_CODE}. Text
 * columns are either coded as numbers by their {@link Column} or left out; the caller declares the
 * same columns, in the same order, to the program (e.g. Mplus's {@code NAMES}).
 *
 * <p>Holds one row at most: memory does not grow with the number of rows.
 */
public final class NumericWriter implements RowSink, AutoCloseable {

    /** The numeric missing code. */
    public static final int MISSING = -999;
    /** The code of an item that does not apply (declared missing too). */
    public static final int NOT_APPLICABLE_CODE = -998;

    /** One column of the rows given to this writer: written as it is, coded (text to number), or left out. */
    public record Column(String name, Function<String, Integer> code, boolean written) {
        public static Column number(String name) {
            return new Column(name, null, true);
        }

        /** A text column written as {@code code}'s number (null: missing). */
        public static Column coded(String name, Function<String, Integer> code) {
            return new Column(name, code, true);
        }

        public static Column left(String name) {
            return new Column(name, null, false);
        }
    }

    private final Writer out;
    private final List<Column> columns;
    private int column;
    private boolean first = true;
    private long rows;

    public NumericWriter(OutputStream stream, List<Column> columns) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.US_ASCII), 1 << 16);
        this.columns = List.copyOf(columns);
    }

    /** The names of the written columns, in order. */
    public static List<String> written(List<Column> columns) {
        return columns.stream().filter(Column::written).map(Column::name).toList();
    }

    @Override
    public NumericWriter text(String value) {
        Column c = next();
        if (!c.written()) {
            return this;
        }
        if (c.code() == null) {
            throw new IllegalStateException("column " + c.name() + " is numeric, got text");
        }
        Integer code = value == null ? null : c.code().apply(value);
        return put(code == null ? Integer.toString(MISSING) : code.toString(), c);
    }

    @Override
    public NumericWriter number(double value) {
        Column c = next();
        return c.written() ? put(Double.isFinite(value) ? CsvWriter.format(value) : Integer.toString(MISSING), c) : this;
    }

    @Override
    public NumericWriter number(Double value) {
        return number(value == null ? Double.NaN : value);
    }

    @Override
    public NumericWriter integer(long value) {
        Column c = next();
        return c.written() ? put(Long.toString(value), c) : this;
    }

    @Override
    public NumericWriter integer(Integer value) {
        return value == null ? missing() : integer(value.longValue());
    }

    @Override
    public NumericWriter missing() {
        Column c = next();
        return c.written() ? put(Integer.toString(MISSING), c) : this;
    }

    @Override
    public NumericWriter notApplicable() {
        Column c = next();
        return c.written() ? put(Integer.toString(NOT_APPLICABLE_CODE), c) : this;
    }

    @Override
    public void endRow() {
        if (column != columns.size()) {
            throw new IllegalStateException("row " + (rows + 1) + " has " + column + " cells, the columns " + columns.size());
        }
        write("\n");
        column = 0;
        first = true;
        rows++;
    }

    public long rows() {
        return rows;
    }

    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Column next() {
        if (column >= columns.size()) {
            throw new IllegalStateException("row " + (rows + 1) + " has more cells than the " + columns.size() + " columns");
        }
        return columns.get(column++);
    }

    private NumericWriter put(String text, Column c) {
        if (!first) {
            write(" ");
        }
        first = false;
        write(text);
        return this;
    }

    private void write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
