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
        }
        try {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace("|", "/");
    }
}
