package org.groupalliance.export;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import org.groupalliance.export.ExportData.GroupRow;
import org.groupalliance.export.ExportData.RuptureRow;
import org.groupalliance.export.Pseudonymiser.Kind;

/**
 * {@code ruptures.csv}: one row per rupture record of the exported groups with its structured
 * fields only: research ids, session numbers, marker, with whom, the eight repair steps as ticked
 * (1/0), where the repair was planned, state, outcome and sessions to resolution. The step notes,
 * the plan for the next session and the alert's text are never read into the file. With a date
 * filter, only records noticed at an exported session.
 */
final class RuptureFile {

    static final String NAME = "ruptures.csv";
    private static final int STEPS = 8;

    private RuptureFile() {
    }

    static List<Variable> variables() {
        String f = NAME;
        List<Variable> v = new ArrayList<>();
        v.add(Variable.of(f, "rupture_id", "Rupture record (research id)", "string", ""));
        v.add(Variable.groupId(f));
        v.add(Variable.siteId(f));
        v.add(Variable.of(f, "with", "With whom the rupture was", "string", "member; subgroup; whole_group"));
        v.add(Variable.of(f, "member_id", "The member (research id); empty unless with = member", "string", ""));
        v.add(Variable.of(f, "subgroup_id", "The subgroup (research id); empty unless with = subgroup", "string", ""));
        v.add(Variable.of(f, "marker", "Kind of rupture marker", "string", "withdrawal; confrontation"));
        v.add(Variable.of(f, "alert_rule", "Rule of the alert the record was opened from; empty: opened by hand", "string",
                java.util.Arrays.stream(org.groupalliance.rupture.AlertRule.values()).map(a -> a.name().toLowerCase()).collect(java.util.stream.Collectors.joining("; "))));
        v.add(Variable.of(f, "noticed_session", "Session number at which the rupture was noticed", "integer", ""));
        for (int step = 1; step <= STEPS; step++) {
            v.add(Variable.of(f, "step_" + step, "Repair step " + step + " ticked: " + org.groupalliance.rupture.Rupture.STEP_LABELS.get(step - 1),
                    "integer", "1 = ticked; 0 = not"));
        }
        v.add(Variable.of(f, "plan_where", "Where the repair was planned", "string", "in_group; one_to_one"));
        v.add(Variable.of(f, "state", "State of the record", "string", "open; in_progress; closed"));
        v.add(Variable.of(f, "outcome", "Outcome on closing; empty while open", "string", "repaired; unrepaired; planned_ending; dropped_out"));
        v.add(Variable.of(f, "closed_session", "Session number at which the record was closed; empty while open", "integer", ""));
        v.add(Variable.of(f, "sessions_to_resolution", "closed_session minus noticed_session; empty while open", "integer", ""));
        return v;
    }

    static void write(ExportRun run, List<RuptureRow> rows, OutputStream out) {
        ExportRun.csv(out, variables(), csv -> {
            for (RuptureRow r : rows) {
                GroupRow g = run.groups.get(r.groupId());
                if (g == null || !run.exportsSession(r.groupId(), r.noticedSession())) {
                    continue;
                }
                csv.text(run.id(Kind.RUPTURE, r.id())).text(run.group(g.id())).text(run.site(g.siteId())).text(lower(r.withKind()))
                        .text(r.memberId() == null ? null : run.member(r.memberId()))
                        .text(r.subgroupId() == null ? null : run.id(Kind.SUBGROUP, r.subgroupId())).text(lower(r.marker())).text(lower(r.alertRule()))
                        .integer(r.noticedSession());
                for (boolean done : r.stepsDone()) {
                    csv.integer(done ? 1 : 0);
                }
                csv.text(lower(r.planWhere())).text(lower(r.state())).text(lower(r.outcome())).integer(r.closedSession())
                        .integer(r.closedSession() == null ? null : r.closedSession() - r.noticedSession());
                csv.endRow();
            }
        });
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase();
    }
}
