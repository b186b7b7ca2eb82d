package org.groupalliance.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Syntax that reads the export's CSV files with their types and labels, for R and SPSS/PSPP:
 * <ul>
 *   <li>{@code analysis.R}: {@code read.csv} with column classes, the not-applicable item code set
 *       to {@code NA}, factors with their levels, row counts, and the three-level random-intercept
 *       model of the total of the member-rated instrument rated in the most groups (then most rows),
 *       sessions within members within groups: {@code lme4::lmer(total ~ session + (1 | group_id/member_id))}
 *       (members only when the data hold one group);</li>
 *   <li>{@code long.sps}: GET DATA, VARIABLE LABELS, VALUE LABELS and MISSING VALUES for the item
 *       code, and the number of cases (runs in PSPP);</li>
 *   <li>{@code mixed.sps}: the same three-level model with SPSS's MIXED (PSPP has no MIXED).</li>
 * </ul>
 */
final class SyntaxFiles {

    static final String R = "analysis.R";
    static final String SPSS = "long.sps";
    static final String SPSS_MIXED = "mixed.sps";

    private SyntaxFiles() {
    }

    private static String rClass(Variable v) {
        return switch (v.type()) {
            case "integer" -> "integer";
            case "number" -> "numeric";
            default -> "character";
        };
    }

    /** The levels of an enumerated string variable ("early; middle; late"), or empty. */
    static List<String> levels(Variable v) {
        if (!v.type().equals("string") || v.values().isEmpty() || v.name().equals("instrument")) {
            return List.of();
        }
        return Arrays.stream(v.values().split(";")).map(String::trim).filter(s -> s.matches("[a-z_]+")).toList();
    }

    private static String rRead(String frame, String file, List<Variable> vars) {
        String classes = vars.stream().map(v -> v.name() + " = \"" + rClass(v) + "\"").collect(Collectors.joining(", "));
        StringBuilder sb = new StringBuilder();
        sb.append(frame).append(" <- read.csv(\"").append(file).append("\", na.strings = \"\", fileEncoding = \"UTF-8\", check.names = FALSE,\n")
                .append("    colClasses = c(").append(classes).append("))\n");
        for (Variable v : vars) {
            List<String> levels = levels(v);
            if (!levels.isEmpty()) {
                sb.append(frame).append("$").append(v.name()).append(" <- factor(").append(frame).append("$").append(v.name()).append(", levels = c(")
                        .append(levels.stream().map(l -> "\"" + l + "\"").collect(Collectors.joining(", "))).append("))\n");
            }
            if (v.name().matches("item_\\d+")) {
                sb.append(frame).append("$").append(v.name()).append("[").append(frame).append("$").append(v.name()).append(" == ")
                        .append(ExportRun.NOT_APPLICABLE).append("] <- NA  # not applicable\n");
            }
        }
        sb.append("for (v in names(").append(frame).append(")) attr(").append(frame).append("[[v]], \"label\") <- labels_").append(frame)
                .append("[[v]]\n");
        return sb.toString();
    }

    private static String rLabels(String frame, List<Variable> vars) {
        return "labels_" + frame + " <- list(" + vars.stream().map(v -> "`" + v.name() + "` = \"" + v.label().replace("\"", "'") + "\"")
                .collect(Collectors.joining(",\n    ")) + ")\n";
    }

    static void writeR(ExportRun run, OutputStream out) {
        StringBuilder sb = new StringBuilder();
        sb.append("# GroupAlliance research export: read the files with their types, then fit the three-level model.\n")
                .append("# Run in the folder of the unzipped export: Rscript analysis.R\n\n");
        sb.append(rLabels("long", run.longVariables())).append(rRead("long", ExportRun.LONG, run.longVariables())).append('\n');
        sb.append(rLabels("wide", WideFile.variables(run))).append(rRead("wide", ExportRun.WIDE, WideFile.variables(run))).append('\n');
        sb.append(rLabels("gs", GroupSessionFile.variables(run))).append(rRead("gs", ExportRun.GROUP_SESSION, GroupSessionFile.variables(run))).append('\n');
        sb.append(rLabels("target", run.targetVariables())).append(rRead("target", ExportRun.TARGET, run.targetVariables())).append('\n');
        sb.append(rLabels("outcomes", OutcomeFile.variables(run))).append(rRead("outcomes", OutcomeFile.NAME, OutcomeFile.variables(run))).append('\n');
        sb.append("cat(\"rows long:\", nrow(long), \" wide:\", nrow(wide), \" group_session:\", nrow(gs), \" target:\", nrow(target), "
                + "\" outcomes:\", nrow(outcomes), \"\\n\")\n\n");
        String code = run.mostRatedMemberInstrument();
        if (code == null) {
            sb.append("cat(\"no member-rated instrument in this export: no model fitted\\n\")\n");
        } else {
            sb.append("# Three levels: sessions (1) within members (2) within groups (3); random intercepts for group and member.\n")
                    .append("# With a single group in the data there is no group level: members' random intercepts only.\n")
                    .append("suppressPackageStartupMessages(library(lme4))\n")
                    .append("d <- subset(long, rater == \"member\" & instrument == \"").append(code).append("\" & !is.na(total))\n")
                    .append("cat(\"model rows:\", nrow(d), \" groups:\", length(unique(d$group_id)), \" members:\", length(unique(d$member_id)), \"\\n\")\n")
                    .append("if (length(unique(d$group_id)) > 1) {\n")
                    .append("  fit <- lmer(total ~ session + (1 | group_id/member_id), data = d)\n")
                    .append("} else {\n")
                    .append("  cat(\"one group only: two-level model\\n\")\n")
                    .append("  fit <- lmer(total ~ session + (1 | member_id), data = d)\n")
                    .append("}\n")
                    .append("print(summary(fit))\n")
                    .append("cat(\"fixed effects:\", format(fixef(fit), digits = 6), \"\\n\")\n");
        }
        write(sb.toString(), out);
    }

    private static String spssFormat(Variable v, int width) {
        return switch (v.type()) {
            case "integer" -> "F8.0";
            case "number" -> "F17.8";
            default -> "A" + width;
        };
    }

    private static int width(Variable v) {
        return v.name().endsWith("_id") ? 17 : 40;
    }

    static void writeSpss(ExportRun run, OutputStream out) {
        List<Variable> vars = run.longVariables();
        StringBuilder sb = new StringBuilder();
        sb.append("* GroupAlliance research export: long.csv with types, labels and missing values.\n")
                .append("* Run in the folder of the unzipped export (PSPP: pspp long.sps; SPSS: set the working folder first).\n");
        sb.append("GET DATA /TYPE=TXT /FILE='long.csv' /ENCODING='UTF8' /ARRANGEMENT=DELIMITED /DELCASE=LINE /FIRSTCASE=2\n")
                .append("  /DELIMITERS=',' /QUALIFIER='\"'\n  /VARIABLES=\n");
        for (Variable v : vars) {
            sb.append("    ").append(v.name()).append(' ').append(spssFormat(v, width(v))).append('\n');
        }
        sb.append(".\nVARIABLE LABELS\n");
        for (int i = 0; i < vars.size(); i++) {
            Variable v = vars.get(i);
            sb.append("  ").append(v.name()).append(" '").append(v.label().replace("'", "''")).append("'").append(i == vars.size() - 1 ? ".\n" : "\n");
        }
        List<String> items = vars.stream().map(Variable::name).filter(n -> n.matches("item_\\d+")).toList();
        if (!items.isEmpty()) {
            sb.append("MISSING VALUES ").append(String.join(" ", items)).append(" (").append(ExportRun.NOT_APPLICABLE).append(").\n");
            sb.append("VALUE LABELS ").append(String.join(" ", items)).append(' ').append(ExportRun.NOT_APPLICABLE).append(" 'not applicable'.\n");
        }
        sb.append("* Numeric codes of the session phase, with value labels.\n")
                .append("RECODE phase ('early'=1) ('middle'=2) ('late'=3) INTO phase_code.\n")
                .append("VARIABLE LABELS phase_code 'Phase of the session (1 early, 2 middle, 3 late)'.\n")
                .append("VALUE LABELS phase_code 1 'early' 2 'middle' 3 'late'.\n")
                .append("EXECUTE.\n")
                .append("DESCRIPTIVES VARIABLES=session total.\n");
        write(sb.toString(), out);
    }

    static void writeSpssMixed(ExportRun run, OutputStream out) {
        String code = run.mostRatedMemberInstrument();
        StringBuilder sb = new StringBuilder();
        sb.append("* GroupAlliance research export: the three-level model (sessions in members in groups) with SPSS MIXED.\n")
                .append("* Run long.sps first (it reads the data). PSPP has no MIXED: use R (analysis.R) there.\n");
        if (code == null) {
            sb.append("* No member-rated instrument in this export: no model.\n");
        } else {
            sb.append("TEMPORARY.\nSELECT IF (rater = 'member' AND instrument = '").append(code).append("').\n")
                    .append("MIXED total WITH session\n  /FIXED=session\n  /RANDOM=INTERCEPT | SUBJECT(group_id)\n")
                    .append("  /RANDOM=INTERCEPT | SUBJECT(group_id*member_id)\n  /METHOD=REML\n  /PRINT=SOLUTION TESTCOV.\n");
        }
        write(sb.toString(), out);
    }

    static void write(String text, OutputStream out) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
