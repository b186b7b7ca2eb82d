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
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString(), wanted, categorical, numeric);
        }
    }

    public static DataTable read(Reader reader, String source, Set<String> wanted, Set<String> categorical, Set<String> numeric) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        String header = in.readLine();
        if (header == null) {
            throw new IllegalArgumentException(source + ": empty file");
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        List<String> names = split(header, 1);
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
        double[][] nums = new double[k][1024];
        String[][] labels = new String[k][];
        boolean[] numericSoFar = new boolean[k];
        for (int c = 0; c < k; c++) {
            numericSoFar[c] = !cat[c];
            labels[c] = new String[1024];
        }
        int rows = 0;
        String line;
        int lineNo = 1;
        String[] cells = new String[maxPos + 1];
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            splitInto(line, cells, lineNo, source);
            if (rows == nums[0].length) {
                int cap = rows * 2;
                for (int c = 0; c < k; c++) {
                    nums[c] = Arrays.copyOf(nums[c], cap);
                    labels[c] = Arrays.copyOf(labels[c], cap);
                }
            }
            for (int c = 0; c < k; c++) {
                String cell = cells[pos[c]];
                boolean missing = cell == null || cell.isEmpty() || cell.equals("NA");
                if (missing) {
                    nums[c][rows] = Double.NaN;
                    labels[c][rows] = null;
                    continue;
                }
                labels[c][rows] = cat[c] || !numericSoFar[c] ? cell : null;
                if (numericSoFar[c]) {
                    try {
                        nums[c][rows] = Double.parseDouble(cell);
                    } catch (NumberFormatException e) {
                        if (numeric.contains(cols.get(c))) {
                            throw new IllegalArgumentException(source + ": column '" + cols.get(c) + "' must be numeric, but line "
                                    + lineNo + " has '" + cell + "'");
                        }
                        numericSoFar[c] = false; // a text column: a factor
                        labels[c][rows] = cell;
                        backfillLabels(labels[c], nums[c], rows);
                    }
                }
            }
            rows++;
        }
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

    /** A column turned out to be text: earlier rows were parsed as numbers; restore their text. */
    private static void backfillLabels(String[] labels, double[] nums, int upTo) {
        for (int r = 0; r < upTo; r++) {
            if (labels[r] == null && !Double.isNaN(nums[r])) {
                double v = nums[r];
                labels[r] = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
            }
        }
    }

    private static List<String> split(String line, int lineNo) {
        List<String> out = new ArrayList<>();
        String[] buf = new String[countFields(line)];
        splitInto(line, buf, lineNo, "header");
        out.addAll(Arrays.asList(buf));
        return out;
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

    /** Splits into {@code cells} (fields past its length are ignored; missing trailing fields are null). */
    private static void splitInto(String line, String[] cells, int lineNo, String source) {
        int field = 0;
        int i = 0;
        int len = line.length();
        Arrays.fill(cells, null);
        while (i <= len && field < cells.length) {
            if (i < len && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= len) {
                        throw new IllegalArgumentException(source + ": line " + lineNo + " has an unclosed quote");
                    }
                    char ch = line.charAt(i);
                    if (ch == '"') {
                        if (i + 1 < len && line.charAt(i + 1) == '"') {
                            sb.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(ch);
                    i++;
                }
                cells[field++] = sb.toString();
                i++; // skip the comma
            } else {
                int end = line.indexOf(',', i);
                if (end < 0) {
                    end = len;
                }
                cells[field++] = line.substring(i, end).trim();
                i = end + 1;
            }
        }
    }
}
