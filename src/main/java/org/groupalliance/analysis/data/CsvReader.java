package org.groupalliance.analysis.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streams a CSV file (header row, comma separator, {@code .} decimal, optional double quotes;
 * an empty cell or {@code NA} is missing) into a {@link DataTable}, keeping only the requested
 * columns. A column is numeric when every non-missing cell parses as a number, unless it is
 * listed as categorical (grouping factors always are). Numeric columns listed as {@code numeric}
 * must parse: the first bad cell is reported with its line number.
 */
public final class CsvReader {

    private CsvReader() {
    }

    public static DataTable read(Path file, Set<String> wanted, Set<String> categorical, Set<String> numeric) throws IOException {
        int capacity = estimateRows(file);
        try (BufferedReader in = new BufferedReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), 1 << 16)) {
            return read(in, file.toString(), wanted, categorical, numeric, capacity);
        }
    }

    public static DataTable read(Reader reader, String source, Set<String> wanted, Set<String> categorical, Set<String> numeric) throws IOException {
        return read(reader, source, wanted, categorical, numeric, 1024);
    }

    /**
     * Rows expected in a file, from its size and the mean length of its first lines, so that the
     * column buffers are allocated once (regrowing multi-megabyte arrays costs more GC than parsing).
     */
    private static int estimateRows(Path file) throws IOException {
        long size = Files.size(file);
        byte[] head = new byte[(int) Math.min(size, 1 << 16)];
        try (var in = Files.newInputStream(file)) {
            int read = in.readNBytes(head, 0, head.length);
            int lines = 0;
            for (int i = 0; i < read; i++) {
                if (head[i] == '\n') {
                    lines++;
                }
            }
            if (lines < 2 || read == 0) {
                return 1024;
            }
            double perLine = (double) read / lines;
            return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(1024, size / perLine * 1.05 + 16));
        }
    }

    private static DataTable read(Reader reader, String source, Set<String> wanted, Set<String> categorical, Set<String> numeric,
                                  int capacity) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        String header = in.readLine();
        if (header == null) {
            throw new IllegalArgumentException(source + ": empty file");
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        List<String> names = headerNames(header, source);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        for (String w : wanted) {
            if (!index.containsKey(w)) {
                throw new IllegalArgumentException("unknown column '" + w + "' (the file has: " + String.join(", ", names) + ")");
            }
        }
        List<String> cols = new ArrayList<>(wanted);
        int[] pos = cols.stream().mapToInt(index::get).toArray();
        int maxPos = Arrays.stream(pos).max().orElse(-1);
        int k = cols.size();
        // raw cells are kept as strings only for categorical columns; numbers are parsed on the fly
        boolean[] cat = new boolean[k];
        for (int c = 0; c < k; c++) {
            cat[c] = categorical.contains(cols.get(c));
        }
        double[][] nums = new double[k][];
        String[][] labels = new String[k][];
        boolean[] numericSoFar = new boolean[k];
        for (int c = 0; c < k; c++) {
            numericSoFar[c] = !cat[c];
            // a numeric column keeps no labels until it turns out to be text
            nums[c] = cat[c] ? new double[0] : new double[capacity];
            labels[c] = cat[c] ? new String[capacity] : null;
        }
        int rows = 0;
        String line;
        int lineNo = 1;
        int fields = maxPos + 1;
        int[] starts = new int[fields];
        int[] ends = new int[fields];
        boolean[] quoted = new boolean[fields];
        // text cells repeat (ids, factor levels): keep one String per distinct value
        List<Dictionary> dictionaries = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            dictionaries.add(new Dictionary());
        }
        RowParser parser = new RowParser(cols, pos, k, nums, labels, numericSoFar, dictionaries, numeric, source, starts, ends, quoted);
        parser.capacity = capacity;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (!line.isEmpty()) {
                parser.accept(line, lineNo);
            }
        }
        rows = parser.rows;
        nums = parser.nums;
        labels = parser.labels;
        List<DataTable.Column> out = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (numericSoFar[c]) {
                out.add(new DataTable.Column(cols.get(c), Arrays.copyOf(nums[c], rows), null));
            } else {
                out.add(new DataTable.Column(cols.get(c), null, Arrays.copyOf(labels[c], rows)));
            }
        }
        return new DataTable(rows, out);
    }

    /** Parses one data line into the column buffers; a small method the JIT compiles well. */
    private static final class RowParser {
        final List<String> cols;
        final int[] pos;
        final int k;
        double[][] nums;
        String[][] labels;
        final boolean[] numericSoFar;
        final List<Dictionary> dictionaries;
        final Set<String> numeric;
        final String source;
        final int[] starts;
        final int[] ends;
        final boolean[] quoted;
        int rows;
        int capacity;

        RowParser(List<String> cols, int[] pos, int k, double[][] nums, String[][] labels, boolean[] numericSoFar,
                  List<Dictionary> dictionaries, Set<String> numeric, String source, int[] starts, int[] ends, boolean[] quoted) {
            this.cols = cols;
            this.pos = pos;
            this.k = k;
            this.nums = nums;
            this.labels = labels;
            this.numericSoFar = numericSoFar;
            this.dictionaries = dictionaries;
            this.numeric = numeric;
            this.source = source;
            this.starts = starts;
            this.ends = ends;
            this.quoted = quoted;
        }

        void accept(String line, int lineNo) {
            locate(line, starts, ends, quoted, lineNo, source);
            if (rows == capacity) {
                capacity = capacity + (capacity >> 1) + 16;
                for (int c = 0; c < k; c++) {
                    nums[c] = numericSoFar[c] ? Arrays.copyOf(nums[c], capacity) : nums[c];
                    labels[c] = labels[c] == null ? null : Arrays.copyOf(labels[c], capacity);
                }
            }
            for (int c = 0; c < k; c++) {
                int f = pos[c];
                int st = starts[f];
                int en = ends[f];
                boolean missing = st < 0 || st == en || (en - st == 2 && line.charAt(st) == 'N' && line.charAt(st + 1) == 'A' && !quoted[f]);
                if (missing) {
                    if (numericSoFar[c]) {
                        nums[c][rows] = Double.NaN;
                    } else {
                        labels[c][rows] = null;
                    }
                    continue;
                }
                if (numericSoFar[c]) {
                    double v = quoted[f] ? Double.NaN : parseNumber(line, st, en);
                    if (!Double.isNaN(v)) {
                        nums[c][rows] = v;
                        continue;
                    }
                    String cell = cell(line, st, en, quoted[f]);
                    if (numeric.contains(cols.get(c))) {
                        throw new IllegalArgumentException(source + ": column '" + cols.get(c) + "' must be numeric, but line "
                                + lineNo + " has '" + cell + "'");
                    }
                    numericSoFar[c] = false; // a text column: a factor
                    labels[c] = new String[capacity];
                    backfillLabels(labels[c], nums[c], rows);
                }
                labels[c][rows] = quoted[f] ? cell(line, st, en, true) : dictionaries.get(c).get(line, st, en);
            }
            rows++;
        }
    }

    /**
     * Distinct text values of one column, looked up by character range so that a repeated value
     * (a member id on every one of its rows) costs no new String.
     */
    private static final class Dictionary {
        private String[] table = new String[1024];
        private int size;

        String get(String line, int st, int en) {
            while (st < en && line.charAt(st) == ' ') {
                st++;
            }
            while (en > st && line.charAt(en - 1) == ' ') {
                en--;
            }
            int len = en - st;
            int h = 0;
            for (int i = st; i < en; i++) {
                h = 31 * h + line.charAt(i);
            }
            int mask = table.length - 1;
            int slot = (h ^ (h >>> 16)) & mask;
            while (true) {
                String e = table[slot];
                if (e == null) {
                    String value = line.substring(st, en);
                    table[slot] = value;
                    if (++size * 2 > table.length) {
                        grow();
                    }
                    return value;
                }
                if (e.length() == len && line.regionMatches(st, e, 0, len)) {
                    return e;
                }
                slot = (slot + 1) & mask;
            }
        }

        private void grow() {
            String[] old = table;
            table = new String[old.length * 2];
            int mask = table.length - 1;
            for (String e : old) {
                if (e != null) {
                    int h = e.hashCode();
                    int slot = (h ^ (h >>> 16)) & mask;
                    while (table[slot] != null) {
                        slot = (slot + 1) & mask;
                    }
                    table[slot] = e;
                }
            }
        }
    }

    private static String cell(String line, int st, int en, boolean quoted) {
        String raw = line.substring(st, en);
        return quoted ? raw.replace("\"\"", "\"") : raw.trim();
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * Parses a number, or returns NaN when the text is not one. Plain decimals with at most 15
     * digits take an exact fast path: digits / 10^k with both exactly representable is a single
     * correctly rounded division, so the result equals {@link Double#parseDouble}; anything else
     * (exponents, more digits, "Inf") goes to {@link Double#parseDouble}.
     */
    static double parseNumber(String s, int st, int en) {
        while (st < en && s.charAt(st) == ' ') {
            st++;
        }
        while (en > st && s.charAt(en - 1) == ' ') {
            en--;
        }
        int i = st;
        boolean negative = false;
        if (i < en && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int decimals = -1;
        boolean simple = i < en;
        for (; i < en; i++) {
            char ch = s.charAt(i);
            if (ch >= '0' && ch <= '9') {
                mantissa = mantissa * 10 + (ch - '0');
                if (mantissa != 0 || decimals >= 0) {
                    digits++;
                }
                if (decimals >= 0) {
                    decimals++;
                }
            } else if (ch == '.' && decimals < 0) {
                decimals = 0;
            } else {
                simple = false;
                break;
            }
        }
        if (simple && digits <= 15 && (decimals < 0 || decimals <= 22) && !(decimals == 0 && i - st == 1)) {
            double v = decimals <= 0 ? (double) mantissa : mantissa / POW10[decimals];
            return negative ? -v : v;
        }
        try {
            return Double.parseDouble(s.substring(st, en));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Finds each field's [start, end) in the line; fields the line lacks get start -1. */
    private static void locate(String line, int[] starts, int[] ends, boolean[] quoted, int lineNo, String source) {
        int field = 0;
        int i = 0;
        int len = line.length();
        Arrays.fill(starts, -1);
        while (i <= len && field < starts.length) {
            if (i < len && line.charAt(i) == '"') {
                int st = i + 1;
                int j = st;
                while (true) {
                    if (j >= len) {
                        throw new IllegalArgumentException(source + ": line " + lineNo + " has an unclosed quote");
                    }
                    if (line.charAt(j) == '"') {
                        if (j + 1 < len && line.charAt(j + 1) == '"') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                starts[field] = st;
                ends[field] = j;
                quoted[field++] = true;
                i = j + 2; // past the closing quote and the comma
            } else {
                int end = line.indexOf(',', i);
                if (end < 0) {
                    end = len;
                }
                starts[field] = i;
                ends[field] = end;
                quoted[field++] = false;
                i = end + 1;
            }
        }
    }

    /** A column turned out to be text: earlier rows were parsed as numbers; restore their text. */
    private static void backfillLabels(String[] labels, double[] nums, int upTo) {
        for (int r = 0; r < upTo; r++) {
            if (labels[r] == null && !Double.isNaN(nums[r])) {
                double v = nums[r];
                labels[r] = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
            }
        }
    }

    /** The header's column names, found with the same field locator as the data lines. */
    private static List<String> headerNames(String header, String source) {
        int fields = countFields(header);
        int[] starts = new int[fields];
        int[] ends = new int[fields];
        boolean[] quoted = new boolean[fields];
        locate(header, starts, ends, quoted, 1, source);
        List<String> names = new ArrayList<>();
        for (int f = 0; f < fields; f++) {
            names.add(starts[f] < 0 ? "" : cell(header, starts[f], ends[f], quoted[f]));
        }
        return names;
    }

    private static int countFields(String line) {
        int n = 1;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                n++;
            }
        }
        return n;
    }

}
