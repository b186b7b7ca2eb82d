package org.groupalliance.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

import org.groupalliance.export.file.CsvWriter;
import org.groupalliance.measure.InstrumentDefinition;

/** The codebook: a machine-readable data dictionary (CSV) and the same for people (Markdown). */
final class Codebook {

    static final String CSV = "codebook.csv";
    static final String MARKDOWN = "codebook.md";

    private Codebook() {
    }

    /**
     * How long.csv's means and centred scores are computed (ExportRun#prepare, ExportRun#longRow): every mean is
     * observation-weighted (a mean over rows), the grand mean is not the mean of the person means.
     */
    static final String CENTRING = """

            ## Means and centring (long.csv)

            For each score `s` of long.csv (`total` and each `sub_...` column) and each row, a rating of member *i* in group *j*
            with instrument *c* by rater kind *k* (member, leader or observer):

            - **Rows that count**: the rows of this export (its groups, session dates and instruments) with the same instrument
              code *c* (all its versions) and the same rater kind *k* (all leaders, or all observers, pooled), whose score `s` is
              not empty. Each such row weighs 1: all means are **observation-weighted**.
            - `s_pm` (person mean): the mean of `s` over the rows that count of member *i*.
            - `s_gm` (group mean): the mean of `s` over the rows that count of group *j* (all its members' rows; not the mean of
              the members' person means).
            - grand mean (no column): the mean of `s` over all the rows that count in the export (every exported group); not the
              mean of the person means.
            - `s_within` = `s` − `s_pm`; `s_between` = `s_pm` − grand mean; `s_gmc` = `s` − `s_gm`.
            - `s_pm`, `s_gm` and `s_between` are empty on rows whose instrument has no score `s`; `s_within` and `s_gmc` are
              empty where `s` is empty.

            Consequences: `s_within` averages to 0 over a member's rows, `s_gmc` over a group's rows and `s_between` over all
            rows where `s` is present; but `s_between` does **not** average to 0 over members (one value per member) when members have unequal numbers
            of rows, and `s_gm` is not the mean of the group's person means. Example: totals A = 10, 12, 14, 16; B = 30;
            C = 20, 22 give the grand mean 124 / 7 = 17.714 (the mean of the person means 13, 30, 21 would be 21.333) and
            `total_between` −4.714, 12.286, 3.286 (mean over the three members 3.619). For person-weighted centring, take one row
            per member (`member_id`, `s_pm`) and subtract the mean of those person means yourself.
            """;

    /** The data dictionary; {@code short_name} is a long.csv column's name in Mplus's and HLM's files (at most 8 characters). */
    static void writeCsv(List<Variable> variables, java.util.Map<String, String> shortNames, OutputStream out) {
        try (CsvWriter csv = new CsvWriter(out, List.of("file", "variable", "label", "type", "values", "missing", "instrument", "item_label", "licence",
                "short_name"))) {
            for (Variable v : variables) {
                csv.text(v.file()).text(v.name()).text(v.label()).text(v.type()).text(v.values()).text(v.missing()).text(v.instrument())
                        .text(v.itemLabel()).text(v.licence()).text(v.file().equals(ExportRun.LONG) ? shortNames.get(v.name()) : null).endRow();
            }
        }
    }

    static void writeMarkdown(List<Variable> variables, Collection<InstrumentDefinition> instruments, OutputStream out) {
        StringBuilder sb = new StringBuilder("# Codebook\n");
        String file = null;
        for (Variable v : variables) {
            if (!v.file().equals(file)) {
                file = v.file();
                sb.append("\n## ").append(file).append("\n\n| variable | label | type | values | missing |\n|---|---|---|---|---|\n");
            }
            sb.append("| ").append(v.name()).append(" | ").append(cell(v.label() + (v.itemLabel().isEmpty() ? "" : " (" + v.itemLabel() + ")")))
                    .append(" | ").append(v.type()).append(" | ").append(cell(v.values())).append(" | ").append(cell(v.missing())).append(" |\n");
        }
        if (variables.stream().anyMatch(v -> v.file().equals(ExportRun.LONG))) {
            sb.append(CENTRING);
        }
        sb.append("\n## Instruments\n");
        for (InstrumentDefinition d : instruments) {
            sb.append("\n### ").append(d.code()).append(" v").append(d.version()).append(": ").append(cell(d.name())).append("\n\n");
            sb.append("- construct: ").append(d.construct().name().toLowerCase()).append("; direction: ").append(d.direction().name().toLowerCase())
                    .append("\n- licence: ").append(cell(d.licence())).append("\n- source: ").append(cell(d.source())).append("\n- items:\n");
            for (var item : d.items()) {
                sb.append("  ").append(item.number()).append(". ").append(cell(item.label())).append(" (").append(CsvWriter.format(item.min()))
                        .append(" to ").append(CsvWriter.format(item.max())).append(d.reversedItems().contains(item.number()) ? ", reversed" : "")
                        .append(")\n");
            }
            for (var s : d.subscales()) {
                sb.append("- subscale ").append(ExportRun.subscaleColumn(s.name())).append(" (").append(cell(s.name())).append("): items ")
                        .append(s.items()).append('\n');
            }
            sb.append("- scoring: ").append(scoring(d)).append('\n');
            sb.append("- caseness cut-off: ").append(cutoff(d)).append('\n');
            sb.append("- reliable-change criterion (wide.csv's rc_class: a change at least this large is reliable): ").append(reliableChange(d)).append('\n');
            sb.append("- unverified (to be checked against the manual before use): ")
                    .append(d.unverified().isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(d.unverified()))).append('\n');
        }
        try {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sum or mean scoring and the missing-item limits, from the definition (as {@link org.groupalliance.analysis.ScaleScoring} applies them). */
    static String scoring(InstrumentDefinition d) {
        boolean none = d.scoring().maxMissingItems() == 0 || d.scoring().maxMissingFraction() == 0;
        String method = d.scoring().method() == org.groupalliance.analysis.ScaleScoring.Method.MEAN ? "mean of the answered items"
                : none ? "sum of the items" : "sum, prorated when items are missing (number of items × mean of the answered items)";
        return method + "; " + missingLimit(d) + ", else not scorable (empty); each subscale the same over its own items";
    }

    /** How many items may be missing for a score to exist. */
    static String missingLimit(InstrumentDefinition d) {
        var s = d.scoring();
        return s.maxMissingItems() == 0 || s.maxMissingFraction() == 0 ? "no missing item allowed"
                : "at most " + s.maxMissingItems() + " missing item" + (s.maxMissingItems() == 1 ? "" : "s") + " and at most "
                        + CsvWriter.format(s.maxMissingFraction()) + " of the items missing";
    }

    /** The caseness cut-off and which side of it is a case, or that the definition has none. */
    static String cutoff(InstrumentDefinition d) {
        if (d.cutoff() == null) {
            return "none";
        }
        return CsvWriter.format(d.cutoff()) + (d.direction() == InstrumentDefinition.Direction.HIGHER_IS_WORSE ? ", a case at or above it" : ", a case below it")
                + (d.unverified().contains("cutoff") ? ", unverified" : "");
    }

    /** The reliable-change criterion in score points (a change at least this large is reliable), or that the definition has none. */
    static String reliableChange(InstrumentDefinition d) {
        if (d.reliableChange() == null) {
            return "none";
        }
        return CsvWriter.format(d.reliableChange()) + " points" + (d.unverified().contains("reliableChange") ? ", unverified" : "");
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace("|", "/");
    }
}
