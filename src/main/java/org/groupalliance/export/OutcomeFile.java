package org.groupalliance.export;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import org.groupalliance.export.ExportData.GroupRow;
import org.groupalliance.export.ExportData.OutcomeRow;

/**
 * {@code outcomes.csv}: one row per outcome form (baseline, post, follow-up) with its answers and
 * total: research ids, instrument and version, the timepoint as {@code wide.csv} names it
 * ({@code baseline}, {@code post}, {@code fu12}), {@code item_1} ... and {@code total}. {@code wide.csv}
 * holds only the totals, so without this file an outcome form could not be analysed item by item
 * nor imported again (the import reads these rows: docs/decisions/0027). Items are coded as in
 * {@code long.csv}: empty = not answered, {@value ExportRun#NOT_APPLICABLE} = not applicable or no
 * such item in the row's instrument.
 */
final class OutcomeFile {

    static final String NAME = "outcomes.csv";

    private OutcomeFile() {
    }

    /** The most items an exported outcome form has (the item columns). */
    private static int items(ExportRun run) {
        return run.outcomes.stream().mapToInt(o -> o.items().length).max().orElse(0);
    }

    static List<Variable> variables(ExportRun run) {
        String f = NAME;
        List<Variable> v = new ArrayList<>();
        v.add(Variable.memberId(f));
        v.add(Variable.groupId(f));
        v.add(Variable.siteId(f));
        v.add(Variable.of(f, "instrument", "Outcome instrument (code)", "string", ""));
        v.add(Variable.of(f, "instrument_version", "Version of the instrument's definition", "integer", ""));
        // not an enumerated factor: the follow-ups are open-ended (fu12, fu26, ...)
        v.add(Variable.of(f, "timepoint", "When the form was filled in: baseline (before the first session), post (after the last) "
                + "or fuN (N weeks after the last session)", "string", ""));
        for (int i = 1; i <= items(run); i++) {
            v.add(new Variable(f, "item_" + i, "Item " + i + " of the row's instrument", "number", "",
                    "empty = not answered; " + ExportRun.NOT_APPLICABLE + " = not applicable, or the instrument has no item " + i, "", "", ""));
        }
        v.add(Variable.of(f, "total", "Total score as the instrument scores it; empty when not scorable", "number", ""));
        return v;
    }

    static void write(ExportRun run, OutputStream out) {
        int items = items(run);
        ExportRun.csv(out, variables(run), csv -> {
            for (OutcomeRow o : run.outcomes) {
                GroupRow g = run.groups.get(o.groupId());
                if (g == null) {
                    continue;
                }
                csv.text(run.member(o.memberId())).text(run.group(g.id())).text(run.site(g.siteId())).text(o.instrumentCode())
                        .integer(o.instrumentVersion()).text(timepoint(o));
                for (int i = 0; i < items; i++) {
                    if (i >= o.items().length || o.notApplicable()[i]) {
                        csv.notApplicable();
                    } else {
                        csv.number(o.items()[i]);
                    }
                }
                csv.number(o.total());
                csv.endRow();
            }
        });
    }

    /** The timepoint as wide.csv's column suffixes and the import name it. */
    static String timepoint(OutcomeRow o) {
        return switch (o.timepoint()) {
            case "BASELINE" -> "baseline";
            case "POST" -> "post";
            default -> "fu" + o.followUpWeek();
        };
    }
}
