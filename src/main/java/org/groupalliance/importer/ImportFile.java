package org.groupalliance.importer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.groupalliance.base.ValidationException;

/**
 * An uploaded CSV file as read: its header and its data rows, each with the line it starts on
 * (the header is line 1), so every problem can name its line. RFC 4180: comma separator, fields in
 * double quotes may hold commas, quotes (doubled) and line breaks; CRLF or LF; a UTF-8 byte-order
 * mark is skipped. Nothing is interpreted here.
 */
public record ImportFile(String name, List<String> header, List<Row> rows) {

    /** One data row: the line it starts on and its cells (as many as the header; missing cells are empty). */
    public record Row(int line, List<String> cells) {
        public Row {
            cells = List.copyOf(cells);
        }
    }

    /** Largest file accepted (bytes): years of paper data fit many times over. */
    public static final int MAX_BYTES = 20 * 1024 * 1024;

    public ImportFile {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /** Cell of a row under a header name, or null when the file has no such column. */
    public String cell(Row row, String column) {
        int i = column == null ? -1 : header.indexOf(column);
        return i < 0 || i >= row.cells().size() ? null : row.cells().get(i);
    }

    /**
     * Reads a CSV file.
     *
     * @throws ValidationException ("file") when it is empty, too large, not UTF-8, has an unclosed
     *                             quote, or a row with more cells than the header
     */
    public static ImportFile parse(String name, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw ValidationException.of("file", "The file is larger than " + MAX_BYTES / (1024 * 1024) + " MB");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ValidationException.of("file", "The file is not UTF-8 text: save it as CSV UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                any = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || !field.isEmpty()) {
                    record.add(field.toString());
                    records.add(record);
                    lines.add(recordLine);
                }
                record = new ArrayList<>();
                field.setLength(0);
                any = false;
                line++;
                recordLine = line;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw ValidationException.of("file", "Line " + recordLine + ": a quoted cell is not closed");
        }
        if (any || !field.isEmpty()) {
            record.add(field.toString());
            records.add(record);
            lines.add(recordLine);
        }
        if (records.isEmpty()) {
            throw ValidationException.of("file", "The file is empty: it needs a header row and data rows");
        }
        List<String> header = records.getFirst().stream().map(String::strip).toList();
        List<Row> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> cells = new ArrayList<>(records.get(r));
            if (cells.size() > header.size()) {
                throw ValidationException.of("file", "Line " + lines.get(r) + ": " + cells.size() + " cells, but the header has " + header.size());
            }
            while (cells.size() < header.size()) {
                cells.add("");
            }
            rows.add(new Row(lines.get(r), cells));
        }
        return new ImportFile(name, header, rows);
    }
}
