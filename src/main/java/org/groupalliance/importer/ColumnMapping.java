package org.groupalliance.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which column of the file holds each import field. The fields are those of the export's long
 * file ({@code member_id}, {@code session}, {@code instrument}, {@code instrument_version},
 * {@code rater}, {@code rater_id}, {@code item_1} ...) plus {@code member_code}, {@code rater_code}, {@code timepoint} and {@code target_code} (and the target file's {@code target_level}, {@code target_id}); a file in the export's own format maps
 * each field to the column of the same name ({@link #byName}); another layout is mapped field by
 * field in the import dialog. A field without a column is null.
 */
public record ColumnMapping(Map<String, String> columns) {

    public static final String MEMBER_CODE = "member_code";
    public static final String MEMBER_ID = "member_id";
    public static final String SESSION = "session";
    public static final String INSTRUMENT = "instrument";
    public static final String INSTRUMENT_VERSION = "instrument_version";
    public static final String RATER = "rater";
    /** The rating leader's username (the export's {@code rater_id} is one-way); not in the export. */
    public static final String RATER_CODE = "rater_code";
    /** The export's research id of the rating leader or observer. */
    public static final String RATER_ID = "rater_id";
    /** An outcome form's timepoint ({@code baseline}, {@code post}, {@code fu12}: the wide file's column suffixes); such a row has no session. */
    public static final String TIMEPOINT = "timepoint";
    /** Whom a leader's or observer's rating is about: member, subgroup or whole_group (the target file's column; empty = member). */
    public static final String TARGET_LEVEL = "target_level";
    /** The rated subgroup's name (the target file's {@code target_id} is one-way); not in the export. */
    public static final String TARGET_CODE = "target_code";
    /** The target file's research id of the rated member or subgroup (resolved in the same installation only). */
    public static final String TARGET_ID = "target_id";
    private static final Pattern ITEM = Pattern.compile("item_([1-9][0-9]{0,2})");

    public ColumnMapping {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /** The fields other than items, in the dialog's order. */
    public static List<String> fields() {
        return List.of(MEMBER_CODE, MEMBER_ID, SESSION, TIMEPOINT, INSTRUMENT, INSTRUMENT_VERSION, RATER, RATER_CODE, RATER_ID, TARGET_LEVEL, TARGET_CODE, TARGET_ID);
    }

    public static String item(int number) {
        return "item_" + number;
    }

    /** The export's own format: each field in the column of the same name, items as many as the file has. */
    public static ColumnMapping byName(List<String> header) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : fields()) {
            if (header.contains(f)) {
                m.put(f, f);
            }
        }
        for (String h : header) {
            if (ITEM.matcher(h).matches()) {
                m.put(h, h);
            }
        }
        return new ColumnMapping(m);
    }

    /** The file's column for a field, or null. */
    public String column(String field) {
        String c = columns.get(field);
        return c == null || c.isBlank() ? null : c;
    }

    /** The highest item number mapped. */
    public int items() {
        int max = 0;
        for (String f : columns.keySet()) {
            Matcher m = ITEM.matcher(f);
            if (m.matches() && column(f) != null) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return max;
    }

    /** Fields mapped to a column the file does not have. */
    public List<String> unknownColumns(List<String> header) {
        List<String> out = new ArrayList<>();
        columns.forEach((f, c) -> {
            if (c != null && !c.isBlank() && !header.contains(c)) {
                out.add(f);
            }
        });
        return out;
    }
}
