package org.groupalliance.export.file;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * <p>Holds one row at most: memory does not grow with the number of rows. Cells are encoded into
 * one byte buffer (ASCII directly, other text as UTF-8) and numbers are formatted into it without
 * a string each ({@link #appendNumber}): a million-row file has about ten million numbers.
 */
public final class CsvWriter implements RowSink, AutoCloseable {

    private static final int CAPACITY = 1 << 16;
    private final OutputStream out;
    private final byte[] buf = new byte[CAPACITY];
    private int pos;
    private final StringBuilder digits = new StringBuilder(32);
    private final int columns;
    private int column;
    private long rows;

    /** Writes the header row at once. The stream is not closed by {@link #close()} (a zip entry stays open for the caller). */
    public CsvWriter(OutputStream stream, List<String> header) {
        this.out = stream;
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
        boolean ascii = true;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            quote |= c == ',' || c == '"' || c == '\r' || c == '\n';
            ascii &= c < 0x80;
        }
        if (quote) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        separator();
        if (ascii) {
            ascii(v);
        } else {
            bytes(v.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    /** A number; NaN or infinite is missing. */
    @Override
    public CsvWriter number(double value) {
        if (!Double.isFinite(value)) {
            return missing();
        }
        separator();
        room(40);
        int end = appendNumber(value, buf, pos, digits);
        if (end < 0) {
            ascii(plain(value));
        } else {
            pos = end;
        }
        return this;
    }

    /** A number; null (or NaN) is missing. */
    @Override
    public CsvWriter number(Double value) {
        return value == null ? missing() : number(value.doubleValue());
    }

    @Override
    public CsvWriter integer(long value) {
        separator();
        room(20);
        pos = appendLong(value, buf, pos);
        return this;
    }

    /** An integer; null is missing. */
    @Override
    public CsvWriter integer(Integer value) {
        return value == null ? missing() : integer(value.longValue());
    }

    @Override
    public CsvWriter missing() {
        separator();
        return this;
    }

    /** Ends the row; refuses a row with the wrong number of cells. */
    @Override
    public void endRow() {
        if (column != columns) {
            throw new IllegalStateException("row " + (rows + 1) + " has " + column + " cells, the header " + columns);
        }
        room(2);
        buf[pos++] = '\r';
        buf[pos++] = '\n';
        column = 0;
        rows++;
    }

    /** The item code {@value RowSink#NOT_APPLICABLE}: the row's instrument has no such item, or it does not apply. */
    @Override
    public CsvWriter notApplicable() {
        return integer(NOT_APPLICABLE);
    }

    /** Data rows written (the header not counted). */
    public long rows() {
        return rows;
    }

    /** Flushes; leaves the underlying stream open. */
    @Override
    public void close() {
        try {
            drain();
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
        byte[] b = new byte[40];
        int n = appendNumber(value, b, 0, new StringBuilder(32));
        return n < 0 ? plain(value) : new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    /**
     * Writes {@link #format}'s text of a finite {@code value} into {@code b} at {@code p} (at most 40 bytes) and
     * returns the new end, or -1 for the rare values it leaves to {@link #plain}. Integers below 1e15 as a long;
     * from 1e-3 to 1e7 the characters of {@link StringBuilder#append(double)}, which uses the same shortest-decimal
     * algorithm as {@link Double#toString} (and no exponent in that range) without a string per number.
     */
    static int appendNumber(double value, byte[] b, int p, StringBuilder scratch) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return appendLong((long) value, b, p);
        }
        double a = Math.abs(value);
        if (!(a >= 1e-3 && a < 1e7)) {
            return -1;
        }
        scratch.setLength(0);
        scratch.append(value);
        for (int i = 0, n = scratch.length(); i < n; i++) {
            b[p++] = (byte) scratch.charAt(i);
        }
        return p;
    }

    /** {@code Double.toString} without its exponent (BigDecimal's plain string): the values {@link #appendNumber} leaves. */
    static String plain(double value) {
        String s = Double.toString(value);
        return s.indexOf('E') < 0 ? s : new BigDecimal(s).stripTrailingZeros().toPlainString();
    }

    /** Decimal digits of {@code v} (at most 20 bytes). */
    static int appendLong(long v, byte[] b, int p) {
        if (v == Long.MIN_VALUE) {
            for (byte c : Long.toString(v).getBytes(StandardCharsets.US_ASCII)) {
                b[p++] = c;
            }
            return p;
        }
        if (v < 0) {
            b[p++] = '-';
            v = -v;
        }
        if (v < 10) {
            b[p++] = (byte) ('0' + v);
            return p;
        }
        int n = 0;
        for (long t = v; t > 0; t /= 10) {
            n++;
        }
        int end = p + n;
        for (int i = end - 1; i >= p; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    private void separator() {
        if (column >= columns) {
            throw new IllegalStateException("row " + (rows + 1) + " has more cells than the header's " + columns);
        }
        if (column > 0) {
            room(1);
            buf[pos++] = ',';
        }
        column++;
    }

    private void ascii(String v) {
        int n = v.length();
        int i = 0;
        while (i < n) {
            room(1);
            int k = Math.min(n - i, CAPACITY - pos);
            for (int end = i + k; i < end; i++) {
                buf[pos++] = (byte) v.charAt(i);
            }
        }
    }

    private void bytes(byte[] b) {
        int i = 0;
        while (i < b.length) {
            room(1);
            int k = Math.min(b.length - i, CAPACITY - pos);
            System.arraycopy(b, i, buf, pos, k);
            pos += k;
            i += k;
        }
    }

    /** Makes room for {@code n} bytes (n at most the buffer's size). */
    private void room(int n) {
        if (pos + n > CAPACITY) {
            try {
                drain();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void drain() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }
}
