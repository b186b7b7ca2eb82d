package org.groupalliance.export;

import java.io.OutputStream;
import java.util.List;

/**
 * {@code id_numbers.csv}: the numbers that stand for research ids in the files of programs that
 * read numbers only (Mplus's {@code gnum}/{@code mnum}, HLM's ID and GROUP): 1, 2, ... per kind in
 * the export's order. They hold within one export only; merge exports on the research ids.
 */
final class IdNumbers {

    static final String NAME = "id_numbers.csv";

    private IdNumbers() {
    }

    static List<Variable> variables() {
        return List.of(Variable.of(NAME, "kind", "What the id identifies", "string", "group; member"),
                Variable.of(NAME, "research_id", "Research id", "string", ""),
                Variable.of(NAME, "number", "Its number in mplus.dat (gnum, mnum) and the HLM files (GROUP, ID) of this export", "integer", ""));
    }

    static void write(ExportRun run, OutputStream out) {
        ExportRun.csv(out, variables(), csv -> {
            run.groupNumbers.forEach((id, n) -> csv.text("group").text(run.group(id)).integer(n).endRow());
            run.memberNumbers.forEach((id, n) -> csv.text("member").text(run.member(id)).integer(n).endRow());
        });
    }
}
