package org.groupalliance.export;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.groupalliance.analysis.ReliableChange;
import org.groupalliance.export.ExportData.GroupRow;
import org.groupalliance.export.ExportData.MemberRow;
import org.groupalliance.export.ExportData.OutcomeRow;
import org.groupalliance.export.ExportData.SessionRow;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Direction;

/**
 * {@code wide.csv}: one row per member with outcomes at baseline, post and follow-ups, change and
 * reliable-change class ({@link ReliableChange#classifyByCriterion}), phase means of the members'
 * own ratings and sessions attended.
 */
final class WideFile {

    static final String NAME = "wide.csv";

    private WideFile() {
    }

    private record OutcomeColumns(String code, List<String> timepoints) {
    }

    private static List<OutcomeColumns> outcomeColumns(ExportRun run) {
        Map<String, Set<String>> byCode = new TreeMap<>();
        for (OutcomeRow o : run.outcomes) {
            byCode.computeIfAbsent(o.instrumentCode(), k -> new TreeSet<>(java.util.Comparator.comparing(WideFile::timepointOrder)))
                    .add(timepoint(o));
        }
        List<OutcomeColumns> out = new ArrayList<>();
        byCode.forEach((code, tps) -> out.add(new OutcomeColumns(code, List.copyOf(tps))));
        return out;
    }

    private static String timepoint(OutcomeRow o) {
        return OutcomeFile.timepoint(o);
    }

    private static int timepointOrder(String tp) {
        return tp.equals("baseline") ? -2 : tp.equals("post") ? -1 : Integer.parseInt(tp.substring(2));
    }

    static List<Variable> variables(ExportRun run) {
        String f = NAME;
        List<Variable> v = new ArrayList<>();
        v.add(Variable.memberId(f));
        v.add(Variable.groupId(f));
        v.add(Variable.siteId(f));
        v.add(Variable.leaderId(f));
        v.add(Variable.of(f, "modality", "Group modality", "string", ""));
        v.add(Variable.of(f, "format", "Group format", "string", "closed; open"));
        v.add(Variable.of(f, "joined_session", "Session the member joined at", "integer", ""));
        v.add(Variable.of(f, "leaving_session", "Session the member left at (empty: did not leave)", "integer", ""));
        v.add(Variable.of(f, "end_status", "How the member's participation ended", "string", "ongoing; completed; dropped_out; transferred"));
        v.add(Variable.of(f, "sessions_attended", "Exported sessions attended (present, late or left early)", "integer", ""));
        for (OutcomeColumns oc : outcomeColumns(run)) {
            String c = ExportRun.column(oc.code());
            InstrumentDefinition d = outcomeDefinition(run, oc.code());
            String instrument = d == null ? oc.code() : d.key();
            String missing = d == null ? "empty" : "empty = no form, or not scorable (" + Codebook.missingLimit(d) + ")";
            for (String tp : oc.timepoints()) {
                v.add(new Variable(f, c + "_" + tp, oc.code() + " total at " + tp, "number", "", missing, instrument, "", ""));
            }
            v.add(new Variable(f, c + "_change", oc.code() + " post minus baseline", "number", "", "empty", instrument, "", ""));
            String criteria = d == null ? "instrument's criterion and cut-off"
                    : (d.reliableChange() == null ? "no reliable-change criterion" : "reliable change: at least " + Codebook.reliableChange(d)) + "; caseness cut-off " + Codebook.cutoff(d) + "; "
                            + d.direction().name().toLowerCase().replace('_', ' ');
            v.add(new Variable(f, c + "_rc_class", oc.code() + " reliable change class (Jacobson & Truax 1991; " + criteria + ")", "string",
                    "recovered; improved; unchanged; deteriorated", "empty = no baseline or post, or the instrument has no criterion", instrument, "",
                    ""));
        }
        for (String code : run.memberRatedCodes) {
            for (String phase : List.of("early", "middle", "late")) {
                v.add(Variable.of(f, ExportRun.column(code) + "_" + phase, "Mean of the member's own " + code + " totals in the " + phase + " phase", "number", ""));
            }
        }
        return v;
    }

    static void write(ExportRun run, OutputStream out) {
        List<OutcomeColumns> outcomeCols = outcomeColumns(run);
        Map<Long, Map<String, Double>> outcomeValues = new HashMap<>();
        Map<String, Integer> outcomeVersion = new HashMap<>();
        for (OutcomeRow o : run.outcomes) {
            if (o.total() != null) {
                outcomeValues.computeIfAbsent(o.memberId(), k -> new HashMap<>()).put(o.instrumentCode() + "|" + timepoint(o), o.total());
                outcomeVersion.merge(o.instrumentCode(), o.instrumentVersion(), Math::max);
            }
        }
        ExportRun.csv(out, variables(run), csv -> {
            for (MemberRow m : run.members.values()) {
                GroupRow g = run.groups.get(m.groupId());
                int attended = 0;
                for (SessionRow s : run.sessions.values()) {
                    String st = s.groupId() == g.id() ? run.attendanceOf(s.id(), m.id()) : null;
                    if (st != null && !st.equals("ABSENT")) {
                        attended++;
                    }
                }
                csv.text(run.member(m.id())).text(run.group(g.id())).text(run.site(g.siteId())).text(run.leader(g)).text(g.modality().toLowerCase())
                        .text(g.format().toLowerCase()).integer(m.joinedSession()).integer(m.leftSession()).text(m.endStatus().toLowerCase())
                        .integer(attended);
                Map<String, Double> mine = outcomeValues.getOrDefault(m.id(), Map.of());
                for (OutcomeColumns oc : outcomeCols) {
                    for (String tp : oc.timepoints()) {
                        csv.number(mine.get(oc.code() + "|" + tp));
                    }
                    Double pre = mine.get(oc.code() + "|baseline");
                    Double post = mine.get(oc.code() + "|post");
                    csv.number(pre == null || post == null ? Double.NaN : post - pre);
                    csv.text(pre == null || post == null ? null : rcClass(run, oc.code(), outcomeVersion.get(oc.code()), pre, post));
                }
                for (String code : run.memberRatedCodes) {
                    for (String phase : List.of("early", "middle", "late")) {
                        csv.number(run.phaseMean(m.id(), code, phase));
                    }
                }
                csv.endRow();
            }
        });
    }

    /** The definition wide.csv classifies an outcome instrument's change with: the highest version among its scored forms (null: none). */
    static InstrumentDefinition outcomeDefinition(ExportRun run, String code) {
        return run.outcomes.stream().filter(o -> o.instrumentCode().equals(code) && o.total() != null).mapToInt(OutcomeRow::instrumentVersion).max()
                .stream().mapToObj(v -> run.used.get(code + ":" + v)).findFirst().orElse(null);
    }

    private static String rcClass(ExportRun run, String code, Integer version, double pre, double post) {
        InstrumentDefinition d = version == null ? null : run.used.get(code + ":" + version);
        if (d == null || d.reliableChange() == null) {
            return null;
        }
        var result = ReliableChange.classifyByCriterion(new String[] {"m"}, new double[] {pre}, new double[] {post}, d.reliableChange(),
                d.cutoff() == null ? Double.NaN : d.cutoff(), d.direction() == Direction.HIGHER_IS_BETTER);
        return result.perMember().getFirst().category().name().toLowerCase();
    }
}
