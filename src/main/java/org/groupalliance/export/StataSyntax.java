package org.groupalliance.export;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code long.do}: Stata (16 or later) reads {@code long.csv} with each column's type
 * ({@code import delimited ... stringcols() numericcols()}), labels every variable, codes the
 * enumerated text columns with value labels ({@code encode ..., label() noextend}), turns the item
 * code for "does not apply" into the extended missing value {@code .a}, and fits the three-level
 * random-intercept model (sessions in members in groups) with {@code mixed}:
 * {@code total = b0 + b1 session + u_group + u_member(group) + e}, as {@code analysis.R} does with lme4.
 * Checked against golden files only (no Stata licence on the build machines).
 */
final class StataSyntax {

    static final String NAME = "long.do";
    /** Stata's limit for a variable label. */
    static final int LABEL_LIMIT = 80;

    private StataSyntax() {
    }

    static void write(ExportRun run, OutputStream out) {
        List<Variable> vars = run.longVariables();
        StringBuilder sb = new StringBuilder();
        sb.append("* GroupAlliance research export: long.csv with types, labels, value labels and the three-level model.\n")
                .append("* Stata 16 or later. Run in the folder of the unzipped export: do long.do\n")
                .append("version 16\n");
        List<Integer> strings = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            (vars.get(i).type().equals("string") ? strings : numbers).add(i + 1);
        }
        sb.append("import delimited using \"long.csv\", clear varnames(1) encoding(\"utf-8\") delimiters(\",\") bindquote(strict) case(preserve) ///\n")
                .append("    stringcols(").append(numlist(strings)).append(") ///\n")
                .append("    numericcols(").append(numlist(numbers)).append(")\n");
        for (Variable v : vars) {
            sb.append("label variable ").append(v.name()).append(" \"").append(label(v.label())).append("\"\n");
        }
        for (Variable v : vars) {
            List<String> levels = SyntaxFiles.levels(v);
            if (levels.isEmpty()) {
                continue;
            }
            sb.append("label define ").append(v.name()).append("_lbl");
            for (int i = 0; i < levels.size(); i++) {
                sb.append(' ').append(i + 1).append(" \"").append(levels.get(i)).append('"');
            }
            sb.append('\n').append("encode ").append(v.name()).append(", generate(").append(v.name()).append("_c) label(").append(v.name())
                    .append("_lbl) noextend\n")
                    .append("label variable ").append(v.name()).append("_c \"").append(label(v.label() + " (coded)")).append("\"\n");
        }
        List<String> items = vars.stream().map(Variable::name).filter(n -> n.matches("item_\\d+")).toList();
        if (!items.isEmpty()) {
            String list = String.join(" ", items);
            sb.append("* ").append(ExportRun.NOT_APPLICABLE).append(" in an item column: the item does not apply (extended missing .a)\n")
                    .append("mvdecode ").append(list).append(", mv(").append(ExportRun.NOT_APPLICABLE).append(" = .a)\n")
                    .append("label define item_lbl .a \"not applicable\"\n")
                    .append("label values ").append(list).append(" item_lbl\n");
        }
        sb.append("count\n");
        String code = run.mostRatedMemberInstrument();
        if (code == null) {
            sb.append("display \"no member-rated instrument in this export: no model fitted\"\n");
        } else {
            sb.append("* Three levels: sessions (1) within members (2) within groups (3); random intercepts for group and member.\n")
                    .append("encode group_id, generate(group_n)\n")
                    .append("encode member_id, generate(member_n)\n")
                    .append("quietly tabulate group_n if rater == \"member\" & instrument == \"").append(code).append("\" & !missing(total)\n")
                    .append("if r(r) > 1 {\n")
                    .append("    mixed total session if rater == \"member\" & instrument == \"").append(code)
                    .append("\" || group_n: || member_n:, reml\n")
                    .append("}\n")
                    .append("else {\n")
                    .append("    display \"one group only: two-level model\"\n")
                    .append("    mixed total session if rater == \"member\" & instrument == \"").append(code).append("\" || member_n:, reml\n")
                    .append("}\n");
        }
        SyntaxFiles.write(sb.toString(), out);
    }

    private static String numlist(List<Integer> columns) {
        return columns.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }

    /** A Stata variable label: no double quotes, at most {@value #LABEL_LIMIT} characters. */
    static String label(String text) {
        String s = text.replace('"', '\'').replace('\n', ' ');
        return s.length() <= LABEL_LIMIT ? s : s.substring(0, LABEL_LIMIT - 3) + "...";
    }
}
