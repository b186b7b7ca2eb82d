package org.groupalliance.export.file;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A streaming CSV writer after RFC 4180: UTF-8 (no byte-order mark), comma separator, CRLF line
 * ends, a header row, fields quoted only when they contain a comma, quote, CR or LF (quotes
 * doubled). Numbers use {@code .} as decimal separator and never an exponent; a missing value is an
 * empty field.
 *
 * <p>Formula injection (OWASP "CSV injection"): a <em>text</em> cell that starts with {@code =},
 * {@code +}, {@code -}, {@code @}, tab or carriage return is prefixed with a single quote so a
 * spreadsheet shows it instead of running it. Numbers are written through {@link #number} and are
 * never changed (a negative number stays {@code -1.5}).
 *
 * <p>Holds one row at most: memory does not grow with the number of rows.
 */
public final class CsvWriter implements RowSink, AutoCloseable {

    private final Writer out;
    private final int columns;
    private int column;
    private long rows;

    /** Writes the header row at once. The stream is not closed by {@link #close()} (a zip entry stays open for the caller). */
    public CsvWriter(OutputStream stream, List<String> header) {
        this.out = new BufferedWriter(new OutputStreamWriter(new NonClosing(stream), StandardCharsets.UTF_8), 1 << 16);
        this.columns = header.size();
        for (String h : header) {
            text(h);
        }
        endRow();
        rows = 0;
    }

    /** A text cell; null is missing. Neutralised if a spreadsheet would run it as a formula. */
    @Override
    public CsvWriter text(String value) {
        if (value == null) {
            return missing();
        }
        String v = neutralise(value);
        boolean quote = false;
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (quote) {
            cell("\"" + v.replace("\"", "\"\"") + "\"");
        } else {
            cell(v);
        }
        return this;
    }

    /** A number; NaN or infinite is missing. */
    @Override
    public CsvWriter number(double value) {
        return Double.isFinite(value) ? cell(format(value)) : missing();
    }

    /** A number; null (or NaN) is missing. */
    @Override
    public CsvWriter number(Double value) {
        return value == null ? missing() : number(value.doubleValue());
    }

    @Override
    public CsvWriter integer(long value) {
        return cell(Long.toString(value));
    }

    /** An integer; null is missing. */
    @Override
    public CsvWriter integer(Integer value) {
        return value == null ? missing() : integer(value.longValue());
    }

    @Override
    public CsvWriter missing() {
        return cell("");
    }

    /** Ends the row; refuses a row with the wrong number of cells. */
    @Override
    public void endRow() {
        if (column != columns) {
            throw new IllegalStateException("row " + (rows + 1) + " has " + column + " cells, the header " + columns);
        }
        write("\r\n");
        column = 0;
        rows++;
    }

    /** The item code {@value RowSink#NOT_APPLICABLE}: the row's instrument has no such item, or it does not apply. */
    @Override
    public CsvWriter notApplicable() {
        return cell(Integer.toString(NOT_APPLICABLE));
    }

    /** Data rows written (the header not counted). */
    public long rows() {
        return rows;
    }

    /** Flushes; leaves the underlying stream open. */
    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text as written to a cell: a leading {@code = + - @}, tab or CR gets a {@code '} in front. */
    public static String neutralise(String value) {
        if (value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + value : value;
    }

    /** Shortest decimal that reads back as the same double, without exponent: 1, 0.1, -2.5, 0.000012. */
    public static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String s = Double.toString(value);
        return s.indexOf('E') < 0 ? s : new BigDecimal(s).stripTrailingZeros().toPlainString();
    }

    private CsvWriter cell(String text) {
        if (column >= columns) {
            throw new IllegalStateException("row " + (rows + 1) + " has more cells than the header's " + columns);
        }
        if (column > 0) {
            write(",");
        }
        write(text);
        column++;
        return this;
    }

    private void write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the zip entry (or response) open when the writer is closed. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
