package org.groupalliance.export;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.groupalliance.export.file.NumericWriter;
import org.groupalliance.export.file.NumericWriter.Column;
import org.groupalliance.export.internal.ExportRepository;

/**
 * Mplus: {@code mplus.dat}, the long rows as numbers only (headerless, free format, missing
 * {@value NumericWriter#MISSING}, an item that does not apply {@value NumericWriter#NOT_APPLICABLE_CODE}),
 * and {@code mplus.inp}, which declares the same columns in {@code NAMES}, the missing codes, and the
 * two-level random-intercept model of the most-rated member instrument's total, sessions (within)
 * in members (between): {@code TYPE = TWOLEVEL; CLUSTER = mnum}. Mplus reads names of at most 8
 * characters and lines of at most 90: every column has a short name, listed in the codebook
 * ({@code short_name}). Text ids become numbers (see {@code id_numbers.csv}); enumerated text becomes
 * its code (the codebook's order, 1 first); other text columns are left out. Checked against golden
 * files only (no Mplus licence on the build machines).
 */
final class MplusFiles {

    static final String INPUT = "mplus.inp";
    static final String DATA = "mplus.dat";
    /** Mplus's limits. */
    static final int NAME_LIMIT = 8;
    static final int LINE_LIMIT = 90;

    private MplusFiles() {
    }

    private static final Map<String, String> FIXED = Map.ofEntries(Map.entry("member_id", "mnum"), Map.entry("group_id", "gnum"),
            Map.entry("format", "format"), Map.entry("session", "session"), Map.entry("days", "days"), Map.entry("phase", "phase"),
            Map.entry("attendance", "attend"), Map.entry("instrument", "instr"), Map.entry("instrument_version", "iver"),
            Map.entry("rater", "rater"));
    /** A score column's suffix in long.csv and in the short name. */
    private static final String[][] SUFFIXES = {{"", ""}, {"_pm", "_pm"}, {"_gm", "_gm"}, {"_within", "_wi"}, {"_between", "_bw"},
        {"_gmc", "_gc"}};

    /**
     * The short names (at most {@value #NAME_LIMIT} characters) of the long.csv columns that Mplus
     * and HLM files hold: ids and enumerations by a fixed list, items {@code i1, i2, ...}, the total
     * {@code tot} and subscales {@code s1, s2, ...} in column order, each with its centring suffix
     * ({@code _pm _gm _wi _bw _gc}). Text columns that are neither (site, leader, modality, subgroup,
     * rater ids) have none.
     */
    static Map<String, String> shortNames(ExportRun run) {
        Map<String, String> byScore = new HashMap<>();
        List<String> scores = run.scoreNames();
        for (int j = 0; j < scores.size(); j++) {
            for (String[] suffix : SUFFIXES) {
                byScore.put(scores.get(j) + suffix[0], (j == 0 ? "tot" : "s" + j) + suffix[1]);
            }
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (Variable v : run.longVariables()) {
            String n = v.name();
            String shortName = FIXED.containsKey(n) ? FIXED.get(n) : n.matches("item_\\d+") ? "i" + n.substring(5) : byScore.get(n);
            if (shortName != null) {
                if (shortName.length() > NAME_LIMIT || names.containsValue(shortName)) {
                    throw new IllegalStateException("no unique Mplus name of at most " + NAME_LIMIT + " characters for " + n + ": " + shortName);
                }
                names.put(n, shortName);
            }
        }
        return names;
    }

    /** The columns of mplus.dat: every long column, coded, written or left out. */
    static List<Column> columns(ExportRun run) {
        Map<String, String> names = shortNames(run);
        Map<String, Integer> memberNumbers = new HashMap<>();
        run.memberNumbers.forEach((id, number) -> memberNumbers.put(run.member(id), number));
        Map<String, Integer> groupNumbers = new HashMap<>();
        run.groupNumbers.forEach((id, number) -> groupNumbers.put(run.group(id), number));
        List<String> codes = run.codes();
        List<Column> columns = new ArrayList<>();
        for (Variable v : run.longVariables()) {
            String name = names.get(v.name());
            List<String> levels = SyntaxFiles.levels(v);
            if (name == null) {
                columns.add(Column.left(v.name()));
            } else if (v.name().equals("member_id")) {
                columns.add(Column.coded(name, memberNumbers::get));
            } else if (v.name().equals("group_id")) {
                columns.add(Column.coded(name, groupNumbers::get));
            } else if (v.name().equals("instrument")) {
                columns.add(Column.coded(name, c -> codes.indexOf(c) + 1));
            } else if (!levels.isEmpty()) {
                columns.add(Column.coded(name, value -> levels.indexOf(value) < 0 ? null : levels.indexOf(value) + 1));
            } else {
                columns.add(Column.number(name));
            }
        }
        return columns;
    }

    static void writeData(ExportRun run, OutputStream out) {
        try (NumericWriter dat = new NumericWriter(out, columns(run))) {
            run.eachRating(ExportRepository.Order.BY_SESSION, r -> run.longRow(r, dat));
        }
    }

    static void writeInput(ExportRun run, OutputStream out) {
        List<String> names = NumericWriter.written(columns(run));
        String code = run.mostRatedMemberInstrument();
        List<String> lines = new ArrayList<>();
        lines.add("TITLE: GroupAlliance research export, long rows (mplus.dat; codebook.csv: short_name);");
        lines.add("  sessions (within) in members (between), total of " + (code == null ? "no member-rated instrument" : code) + ".");
        lines.add("DATA: FILE = " + DATA + ";");
        wrap(lines, "VARIABLE: NAMES =", names, "   ");
        lines.add("  MISSING = ALL (" + NumericWriter.MISSING + " " + NumericWriter.NOT_APPLICABLE_CODE + ");");
        lines.add("  ! " + NumericWriter.MISSING + " = missing; " + NumericWriter.NOT_APPLICABLE_CODE + " = item does not apply");
        lines.add("  ! coded: rater 1 member 2 leader 3 observer; phase 1 early 2 middle 3 late;");
        List<String> instruments = new ArrayList<>();
        for (int i = 0; i < run.codes().size(); i++) {
            instruments.add((i + 1) + "=" + run.codes().get(i));
        }
        wrap(lines, "  ! instr", instruments, "  !");
        if (code != null) {
            lines.add("  USEVARIABLES = session tot;");
            lines.add("  USEOBSERVATIONS = rater EQ 1 AND instr EQ " + (run.codes().indexOf(code) + 1) + ";");
            lines.add("  CLUSTER = mnum;");
            lines.add("  WITHIN = session;");
            lines.add("ANALYSIS: TYPE = TWOLEVEL;");
            lines.add("  ESTIMATOR = MLR;");
            lines.add("MODEL:");
            lines.add("  %WITHIN%");
            lines.add("  tot ON session;");
            lines.add("  %BETWEEN%");
            lines.add("  tot;");
            lines.add("! Three levels (groups too), Mplus 8: CLUSTER = gnum mnum; TYPE = THREELEVEL;");
            lines.add("OUTPUT: SAMPSTAT;");
        } else {
            lines.add("ANALYSIS: TYPE = BASIC;");
        }
        for (String line : lines) {
            if (line.length() > LINE_LIMIT) {
                throw new IllegalStateException("Mplus line longer than " + LINE_LIMIT + ": " + line);
            }
        }
        SyntaxFiles.write(String.join("\n", lines) + "\n", out);
    }

    /** Appends {@code head} and the words, wrapped to lines of at most 78 characters (next lines start with {@code continuation}), ending with ';'. */
    private static void wrap(List<String> lines, String head, List<String> words, String continuation) {
        StringBuilder line = new StringBuilder(head);
        for (String w : words) {
            if (line.length() + 1 + w.length() > 78) {
                lines.add(line.toString());
                line = new StringBuilder(continuation);
            }
            line.append(' ').append(w);
        }
        lines.add(line + ";");
    }
}
