package org.groupalliance.export;

import java.io.OutputStream;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.groupalliance.analysis.Aggregation;
import org.groupalliance.analysis.ReliableChange;
import org.groupalliance.export.ExportData.GroupRow;
import org.groupalliance.export.ExportData.MemberRow;
import org.groupalliance.export.ExportData.OutcomeRow;
import org.groupalliance.export.ExportData.RatingRow;
import org.groupalliance.export.ExportData.SessionRow;
import org.groupalliance.export.ExportData.SubgroupSpan;
import org.groupalliance.export.Pseudonymiser.Kind;
import org.groupalliance.export.file.CsvWriter;
import org.groupalliance.export.internal.ExportRepository;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Direction;

/**
 * One export: the selected groups, members and sessions in memory (they are few), the ratings
 * streamed once to gather means ({@link #prepare}) and once more for each file that lists them.
 * Every id written is a research id; no name, note, free text, calendar date or internal id is
 * read into a file.
 */
final class ExportRun {

    /** The code written in an item column whose instrument has no such item (long and target files). */
    static final int NOT_APPLICABLE = -8;
    static final String LONG = "long.csv";
    static final String WIDE = "wide.csv";
    static final String GROUP_SESSION = "group_session.csv";
    static final String TARGET = "target.csv";

    private final Pseudonymiser ids;
    private final ExportRepository repository;
    private final Function<String, InstrumentDefinition> definitions; // "CODE:version" -> definition
    private final Set<String> instrumentFilter;
    final Map<Long, GroupRow> groups = new LinkedHashMap<>();
    final Map<Long, MemberRow> members = new LinkedHashMap<>();
    final Map<Long, SessionRow> sessions = new LinkedHashMap<>();
    private final Map<Long, LocalDate> firstDates;
    private final Map<Long, Map<Long, String>> attendance;
    private final Map<Long, List<SubgroupSpan>> spans = new HashMap<>();
    private final List<OutcomeRow> outcomes;

    // gathered by prepare()
    final Map<String, InstrumentDefinition> used = new TreeMap<>();
    private final Map<String, double[]> means = new HashMap<>(); // key -> {n, sum}
    private final Map<String, Map<Long, double[]>> iccSums = new HashMap<>(); // code|session -> group -> {n, sum, sumsq}
    private final Set<String> memberRatedCodes = new TreeSet<>();
    private final Map<String, Integer> memberRatedRows = new TreeMap<>();
    private final Map<String, Set<Long>> memberRatedGroups = new HashMap<>();
    long longRows;
    long targetRows;
    private int maxItems;
    private List<String> subscaleNames = List.of();

    ExportRun(Pseudonymiser ids, ExportRepository repository, Collection<Long> groupIds, LocalDate from, LocalDate to, Set<String> instruments,
              Function<String, InstrumentDefinition> definitions) {
        this.ids = ids;
        this.repository = repository;
        this.definitions = definitions;
        this.instrumentFilter = instruments;
        if (groupIds.isEmpty()) {
            firstDates = Map.of();
            attendance = Map.of();
            outcomes = List.of();
            return;
        }
        repository.groups(groupIds).forEach(g -> groups.put(g.id(), g));
        repository.members(groupIds).forEach(m -> members.put(m.id(), m));
        repository.sessions(groupIds, from, to).forEach(s -> sessions.put(s.id(), s));
        firstDates = repository.firstSessionDates(groupIds);
        attendance = repository.attendance(sessions.keySet());
        repository.subgroupSpans(groupIds).forEach(s -> spans.computeIfAbsent(s.memberId(), k -> new ArrayList<>()).add(s));
        outcomes = repository.outcomes(groupIds, instruments);
    }

    /** First pass over the ratings: instrument versions used, means for centring, phase means, ICC sums. */
    ExportRun prepare() {
        for (OutcomeRow o : outcomes) {
            used.computeIfAbsent(o.instrumentCode() + ":" + o.instrumentVersion(), definitions);
        }
        repository.ratings(sessions.keySet(), instrumentFilter, r -> {
            used.computeIfAbsent(r.instrumentCode() + ":" + r.instrumentVersion(), definitions);
            SessionRow s = sessions.get(r.sessionId());
            if (!r.raterKind().equals("MEMBER")) {
                targetRows++;
            }
            if (!r.targetKind().equals("MEMBER")) {
                return;
            }
            longRows++;
            Map<String, Double> scores = scores(r);
            String phase = s.phase();
            scores.forEach((name, value) -> {
                if (Double.isNaN(value)) {
                    return;
                }
                String tail = r.instrumentCode() + "|" + r.raterKind() + "|" + name;
                add("P|" + r.targetMemberId() + "|" + tail, value);
                add("G|" + r.groupId() + "|" + tail, value);
                add("A|" + tail, value);
                if (name.equals("total") && r.raterKind().equals("MEMBER")) {
                    add("PH|" + r.targetMemberId() + "|" + r.instrumentCode() + "|" + phase, value);
                    double[] acc = iccSums.computeIfAbsent(r.instrumentCode() + "|" + s.number(), k -> new HashMap<>())
                            .computeIfAbsent(r.groupId(), k -> new double[3]);
                    acc[0]++;
                    acc[1] += value;
                    acc[2] += value * value;
                }
            });
            if (r.raterKind().equals("MEMBER")) {
                memberRatedCodes.add(r.instrumentCode());
                memberRatedRows.merge(r.instrumentCode(), 1, Integer::sum);
                memberRatedGroups.computeIfAbsent(r.instrumentCode(), k -> new java.util.HashSet<>()).add(r.groupId());
            }
        });
        Set<String> names = new LinkedHashSet<>();
        for (InstrumentDefinition d : used.values()) {
            maxItems = Math.max(maxItems, d.items().size());
            d.subscales().forEach(s -> names.add(subscaleColumn(s.name())));
        }
        subscaleNames = List.copyOf(names);
        return this;
    }

    /** The member-rated instrument rated in the most groups, then with the most rows (the first code on a tie), or null. */
    String mostRatedMemberInstrument() {
        return memberRatedRows.keySet().stream().max(java.util.Comparator.<String>comparingInt(c -> memberRatedGroups.get(c).size())
                .thenComparingInt(memberRatedRows::get).thenComparing(java.util.Comparator.<String>reverseOrder())).orElse(null);
    }

    private void add(String key, double value) {
        double[] acc = means.computeIfAbsent(key, k -> new double[2]);
        acc[0]++;
        acc[1] += value;
    }

    private double mean(String key) {
        double[] acc = means.get(key);
        return acc == null ? Double.NaN : acc[1] / acc[0];
    }

    /** "total" and each subscale's column name with the rating's value (NaN when not scored). */
    private static Map<String, Double> scores(RatingRow r) {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("total", r.total() == null ? Double.NaN : r.total());
        r.subscales().forEach((name, v) -> scores.put(subscaleColumn(name), v));
        return scores;
    }

    static String subscaleColumn(String name) {
        String s = name.toLowerCase().replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        s = "sub_" + (s.isEmpty() ? "x" : s);
        return s.length() > 24 ? s.substring(0, 24) : s;
    }

    // ---------------------------------------------------------------- ids and shared columns

    String member(long id) {
        return ids.id(Kind.MEMBER, id);
    }

    String group(long id) {
        return ids.id(Kind.GROUP, id);
    }

    String site(long id) {
        return ids.id(Kind.SITE, id);
    }

    String user(Long id) {
        return id == null ? null : ids.id(Kind.USER, id);
    }

    private String leader(GroupRow g) {
        return g.leaderUserIds().isEmpty() ? null : user(g.leaderUserIds().getFirst());
    }

    private Integer days(SessionRow s) {
        LocalDate first = firstDates.get(s.groupId());
        return first == null ? null : (int) ChronoUnit.DAYS.between(first, s.date());
    }

    private String subgroupAt(long memberId, int session) {
        for (SubgroupSpan span : spans.getOrDefault(memberId, List.of())) {
            if (span.covers(session)) {
                return ids.id(Kind.SUBGROUP, span.subgroupId());
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- long

    List<Variable> longVariables() {
        List<Variable> v = new ArrayList<>();
        String f = LONG;
        v.add(Variable.of(f, "member_id", "Member (research id)", "string", ""));
        v.add(Variable.of(f, "group_id", "Group (research id)", "string", ""));
        v.add(Variable.of(f, "site_id", "Site (research id)", "string", ""));
        v.add(Variable.of(f, "leader_id", "Group's first leader (research id)", "string", ""));
        v.add(Variable.of(f, "modality", "Group modality", "string", ""));
        v.add(Variable.of(f, "format", "Group format", "string", "closed; open"));
        v.add(Variable.of(f, "session", "Session number", "integer", "1 to planned sessions"));
        v.add(Variable.of(f, "days", "Days since the group's first session", "integer", ""));
        v.add(Variable.of(f, "phase", "Phase stored for the session", "string", "early; middle; late"));
        v.add(Variable.of(f, "attendance", "Member's attendance at the session", "string", "present; absent; late; left_early"));
        v.add(Variable.of(f, "subgroup_id", "Member's subgroup at the session (research id)", "string", ""));
        v.add(Variable.of(f, "instrument", "Instrument code", "string", String.join("; ", codes())));
        v.add(Variable.of(f, "instrument_version", "Instrument version", "integer", ""));
        v.add(Variable.of(f, "rater", "Who rated", "string", "member; leader; observer"));
        v.add(Variable.of(f, "rater_id", "Rating leader or observer (research id); empty for the member", "string", ""));
        itemVariables(f, v);
        for (String score : scoreNames()) {
            v.add(Variable.of(f, score, score.equals("total") ? "Total score" : "Subscale score " + score.substring(4), "number", ""));
        }
        for (String score : scoreNames()) {
            v.add(Variable.of(f, score + "_pm", "Person mean of " + score + " (member, instrument, rater)", "number", ""));
            v.add(Variable.of(f, score + "_gm", "Group mean of " + score + " (group, instrument, rater)", "number", ""));
            v.add(Variable.of(f, score + "_within", score + " minus person mean", "number", ""));
            v.add(Variable.of(f, score + "_between", "Person mean minus grand mean of " + score + " (instrument, rater)", "number", ""));
            v.add(Variable.of(f, score + "_gmc", score + " minus group mean", "number", ""));
        }
        return v;
    }

    private void itemVariables(String f, List<Variable> v) {
        for (int i = 1; i <= maxItems; i++) {
            int item = i;
            StringBuilder labels = new StringBuilder();
            StringBuilder range = new StringBuilder();
            for (InstrumentDefinition d : used.values()) {
                if (d.items().size() >= item) {
                    var it = d.items().get(item - 1);
                    labels.append(labels.isEmpty() ? "" : "; ").append(d.code()).append(" v").append(d.version()).append(": ").append(it.label());
                    range.append(range.isEmpty() ? "" : "; ").append(d.code()).append(": ").append(CsvWriter.format(it.min())).append(" to ")
                            .append(CsvWriter.format(it.max()));
                }
            }
            v.add(new Variable(f, "item_" + item, "Item " + item + " of the row's instrument", "number", range.toString(),
                    "empty = not answered; " + NOT_APPLICABLE + " = the instrument has no item " + item, "", labels.toString(), ""));
        }
    }

    List<String> scoreNames() {
        List<String> names = new ArrayList<>();
        names.add("total");
        names.addAll(subscaleNames);
        return names;
    }

    private List<String> codes() {
        return used.values().stream().map(InstrumentDefinition::code).distinct().toList();
    }

    void writeLong(OutputStream out) {
        List<String> header = longVariables().stream().map(Variable::name).toList();
        try (CsvWriter csv = new CsvWriter(out, header)) {
            repository.ratings(sessions.keySet(), instrumentFilter, r -> {
                if (!r.targetKind().equals("MEMBER")) {
                    return;
                }
                SessionRow s = sessions.get(r.sessionId());
                GroupRow g = groups.get(r.groupId());
                long m = r.targetMemberId();
                csv.text(member(m)).text(group(g.id())).text(site(g.siteId())).text(leader(g)).text(g.modality().toLowerCase())
                        .text(g.format().toLowerCase()).integer(s.number()).integer(days(s)).text(s.phase())
                        .text(lower(attendance.getOrDefault(s.id(), Map.of()).get(m))).text(subgroupAt(m, s.number()))
                        .text(r.instrumentCode()).integer(r.instrumentVersion()).text(r.raterKind().toLowerCase())
                        .text(r.raterKind().equals("MEMBER") ? null : user(r.raterUserId()));
                items(csv, r);
                Map<String, Double> scores = scores(r);
                for (String name : scoreNames()) {
                    csv.number(scores.getOrDefault(name, Double.NaN));
                }
                for (String name : scoreNames()) {
                    String tail = r.instrumentCode() + "|" + r.raterKind() + "|" + name;
                    double value = scores.getOrDefault(name, Double.NaN);
                    double pm = mean("P|" + m + "|" + tail);
                    double gm = mean("G|" + g.id() + "|" + tail);
                    double grand = mean("A|" + tail);
                    boolean has = scores.containsKey(name);
                    csv.number(has ? pm : Double.NaN).number(has ? gm : Double.NaN).number(value - pm).number(has ? pm - grand : Double.NaN)
                            .number(value - gm);
                }
                csv.endRow();
            });
        }
    }

    private void items(CsvWriter csv, RatingRow r) {
        double[] values = r.items();
        InstrumentDefinition d = used.get(r.instrumentCode() + ":" + r.instrumentVersion());
        int k = d == null ? values.length : d.items().size();
        for (int i = 0; i < maxItems; i++) {
            boolean notApplicable = i >= k || (r.notApplicable() != null && i < r.notApplicable().length && r.notApplicable()[i]);
            if (notApplicable) {
                csv.integer(NOT_APPLICABLE);
            } else {
                csv.number(i < values.length ? values[i] : Double.NaN);
            }
        }
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase();
    }

    // ---------------------------------------------------------------- target

    List<Variable> targetVariables() {
        List<Variable> v = new ArrayList<>();
        String f = TARGET;
        v.add(Variable.of(f, "group_id", "Group (research id)", "string", ""));
        v.add(Variable.of(f, "site_id", "Site (research id)", "string", ""));
        v.add(Variable.of(f, "session", "Session number", "integer", ""));
        v.add(Variable.of(f, "days", "Days since the group's first session", "integer", ""));
        v.add(Variable.of(f, "phase", "Phase of the session", "string", "early; middle; late"));
        v.add(Variable.of(f, "instrument", "Instrument code", "string", String.join("; ", codes())));
        v.add(Variable.of(f, "instrument_version", "Instrument version", "integer", ""));
        v.add(Variable.of(f, "rater", "Who rated", "string", "leader; observer"));
        v.add(Variable.of(f, "rater_id", "Rating leader or observer (research id)", "string", ""));
        v.add(Variable.of(f, "target_level", "Whom the rating is about", "string", "member; subgroup; whole_group"));
        v.add(Variable.of(f, "target_id", "The rated member or subgroup (research id); empty for the whole group", "string", ""));
        itemVariables(f, v);
        for (String score : scoreNames()) {
            v.add(Variable.of(f, score, score.equals("total") ? "Total score" : "Subscale score " + score.substring(4), "number", ""));
        }
        return v;
    }

    void writeTarget(OutputStream out) {
        List<String> header = targetVariables().stream().map(Variable::name).toList();
        try (CsvWriter csv = new CsvWriter(out, header)) {
            repository.ratings(sessions.keySet(), instrumentFilter, r -> {
                if (r.raterKind().equals("MEMBER")) {
                    return;
                }
                SessionRow s = sessions.get(r.sessionId());
                GroupRow g = groups.get(r.groupId());
                String target = switch (r.targetKind()) {
                    case "MEMBER" -> member(r.targetMemberId());
                    case "SUBGROUP" -> ids.id(Kind.SUBGROUP, r.targetSubgroupId());
                    default -> null;
                };
                csv.text(group(g.id())).text(site(g.siteId())).integer(s.number()).integer(days(s)).text(s.phase())
                        .text(r.instrumentCode()).integer(r.instrumentVersion()).text(r.raterKind().toLowerCase()).text(user(r.raterUserId()))
                        .text(r.targetKind().toLowerCase()).text(target);
                items(csv, r);
                Map<String, Double> scores = scores(r);
                for (String name : scoreNames()) {
                    csv.number(scores.getOrDefault(name, Double.NaN));
                }
                csv.endRow();
            });
        }
    }

    // ---------------------------------------------------------------- group-session

    List<Variable> groupSessionVariables() {
        String f = GROUP_SESSION;
        return List.of(
                Variable.of(f, "group_id", "Group (research id)", "string", ""),
                Variable.of(f, "site_id", "Site (research id)", "string", ""),
                Variable.of(f, "session", "Session number", "integer", ""),
                Variable.of(f, "days", "Days since the group's first session", "integer", ""),
                Variable.of(f, "phase", "Phase of the session", "string", "early; middle; late"),
                Variable.of(f, "instrument", "Instrument code (members' own ratings, total score)", "string", String.join("; ", codes())),
                Variable.of(f, "n", "Members' ratings with a total score", "integer", ""),
                Variable.of(f, "mean", "Mean of the members' total scores", "number", ""),
                Variable.of(f, "sd", "Standard deviation (n - 1) of the members' total scores", "number", ""),
                Variable.of(f, "rwg_j", "rwg(j) of the members' complete item sets, uniform null (James, Demaree & Wolf 1984)", "number", "at most 1"),
                Variable.of(f, "icc1", "ICC(1) of the total across the exported groups at this session number (one-way ANOVA, as multilevel::ICC1)",
                        "number", ""),
                Variable.of(f, "icc2", "ICC(2) of the same (as multilevel::ICC2)", "number", ""));
    }

    void writeGroupSession(OutputStream out) {
        List<String> header = groupSessionVariables().stream().map(Variable::name).toList();
        try (CsvWriter csv = new CsvWriter(out, header)) {
            List<RatingRow> block = new ArrayList<>();
            repository.ratings(sessions.keySet(), instrumentFilter, r -> {
                if (!r.raterKind().equals("MEMBER") || !r.targetKind().equals("MEMBER")) {
                    return;
                }
                if (!block.isEmpty() && (block.getFirst().sessionId() != r.sessionId() || !block.getFirst().instrumentCode().equals(r.instrumentCode()))) {
                    groupSessionRow(csv, block);
                    block.clear();
                }
                block.add(r);
            });
            if (!block.isEmpty()) {
                groupSessionRow(csv, block);
            }
        }
    }

    private void groupSessionRow(CsvWriter csv, List<RatingRow> block) {
        RatingRow first = block.getFirst();
        SessionRow s = sessions.get(first.sessionId());
        GroupRow g = groups.get(first.groupId());
        double[] totals = block.stream().filter(r -> r.total() != null).mapToDouble(RatingRow::total).toArray();
        int n = totals.length;
        double mean = n == 0 ? Double.NaN : java.util.Arrays.stream(totals).average().orElse(Double.NaN);
        double sd = Double.NaN;
        if (n > 1) {
            double ss = 0;
            for (double t : totals) {
                ss += (t - mean) * (t - mean);
            }
            sd = Math.sqrt(ss / (n - 1));
        }
        double[] icc = icc(first.instrumentCode(), s.number());
        csv.text(group(g.id())).text(site(g.siteId())).integer(s.number()).integer(days(s)).text(s.phase())
                .text(first.instrumentCode()).integer(n).number(mean).number(sd).number(rwgJ(block)).number(icc[0]).number(icc[1]);
        csv.endRow();
    }

    /** rwg(j) over the block's complete item sets with the uniform null of the items' range. */
    private double rwgJ(List<RatingRow> block) {
        InstrumentDefinition d = used.get(block.getFirst().instrumentCode() + ":" + block.getFirst().instrumentVersion());
        if (d == null || d.items().isEmpty()) {
            return Double.NaN;
        }
        List<double[]> rows = new ArrayList<>();
        for (RatingRow r : block) {
            if (r.instrumentVersion() != d.version()) {
                continue;
            }
            double[] x = r.items();
            if (x.length == d.items().size() && java.util.Arrays.stream(x).noneMatch(Double::isNaN)) {
                rows.add(x);
            }
        }
        if (rows.size() < 2) {
            return Double.NaN;
        }
        var item = d.items().getFirst();
        double range = item.max() - item.min();
        double ranvar = item.type() == InstrumentDefinition.ResponseType.VISUAL_ANALOGUE ? range * range / 12 : ((range + 1) * (range + 1) - 1) / 12;
        String[] groupsOf = new String[rows.size()];
        java.util.Arrays.fill(groupsOf, "g");
        return Aggregation.rwgJ(rows.toArray(double[][]::new), groupsOf, ranvar).perGroup().getFirst().value();
    }

    /**
     * ICC(1), ICC(2) of the members' totals in the exported groups at one session number, from
     * per-group sums: MSB = Σ n_j (m_j - m)² / (J - 1), MSW = Σ (Σx² - n_j m_j²) / (N - J),
     * ICC1 = (MSB - MSW) / (MSB + (N/J - 1) MSW), ICC2 = (MSB - MSW) / MSB (as
     * {@link Aggregation#icc}). NaN with fewer than two groups or no more ratings than groups.
     */
    double[] icc(String code, int session) {
        Map<Long, double[]> byGroup = iccSums.getOrDefault(code + "|" + session, Map.of());
        int j = byGroup.size();
        double n = 0;
        double sum = 0;
        for (double[] a : byGroup.values()) {
            n += a[0];
            sum += a[1];
        }
        if (j < 2 || n <= j) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double grand = sum / n;
        double ssb = 0;
        double ssw = 0;
        for (double[] a : byGroup.values()) {
            double m = a[1] / a[0];
            ssb += a[0] * (m - grand) * (m - grand);
            ssw += a[2] - a[0] * m * m;
        }
        double msb = ssb / (j - 1);
        double msw = ssw / (n - j);
        return new double[] {(msb - msw) / (msb + (n / j - 1) * msw), (msb - msw) / msb};
    }

    // ---------------------------------------------------------------- wide

    private record OutcomeColumns(String code, List<String> timepoints) {
    }

    private List<OutcomeColumns> outcomeColumns() {
        Map<String, Set<String>> byCode = new TreeMap<>();
        for (OutcomeRow o : outcomes) {
            byCode.computeIfAbsent(o.instrumentCode(), k -> new TreeSet<>(java.util.Comparator.comparing(ExportRun::timepointOrder)))
                    .add(timepoint(o));
        }
        List<OutcomeColumns> out = new ArrayList<>();
        byCode.forEach((code, tps) -> out.add(new OutcomeColumns(code, List.copyOf(tps))));
        return out;
    }

    private static String timepoint(OutcomeRow o) {
        return switch (o.timepoint()) {
            case "BASELINE" -> "baseline";
            case "POST" -> "post";
            default -> "fu" + o.followUpWeek();
        };
    }

    private static int timepointOrder(String tp) {
        return tp.equals("baseline") ? -2 : tp.equals("post") ? -1 : Integer.parseInt(tp.substring(2));
    }

    static String column(String code) {
        return code.toLowerCase().replaceAll("[^a-z0-9]+", "_");
    }

    List<Variable> wideVariables() {
        String f = WIDE;
        List<Variable> v = new ArrayList<>();
        v.add(Variable.of(f, "member_id", "Member (research id)", "string", ""));
        v.add(Variable.of(f, "group_id", "Group (research id)", "string", ""));
        v.add(Variable.of(f, "site_id", "Site (research id)", "string", ""));
        v.add(Variable.of(f, "leader_id", "Group's first leader (research id)", "string", ""));
        v.add(Variable.of(f, "modality", "Group modality", "string", ""));
        v.add(Variable.of(f, "format", "Group format", "string", "closed; open"));
        v.add(Variable.of(f, "joined_session", "Session the member joined at", "integer", ""));
        v.add(Variable.of(f, "leaving_session", "Session the member left at (empty: did not leave)", "integer", ""));
        v.add(Variable.of(f, "end_status", "How the member's participation ended", "string", "ongoing; completed; dropped_out; transferred"));
        v.add(Variable.of(f, "sessions_attended", "Exported sessions attended (present, late or left early)", "integer", ""));
        for (OutcomeColumns oc : outcomeColumns()) {
            String c = column(oc.code());
            for (String tp : oc.timepoints()) {
                v.add(Variable.of(f, c + "_" + tp, oc.code() + " total at " + tp, "number", ""));
            }
            v.add(Variable.of(f, c + "_change", oc.code() + " post minus baseline", "number", ""));
            v.add(Variable.of(f, c + "_rc_class", oc.code() + " reliable change class (Jacobson & Truax 1991, instrument's criterion and cut-off)",
                    "string", "recovered; improved; unchanged; deteriorated"));
        }
        for (String code : memberRatedCodes) {
            for (String phase : List.of("early", "middle", "late")) {
                v.add(Variable.of(f, column(code) + "_" + phase, "Mean of the member's own " + code + " totals in the " + phase + " phase", "number", ""));
            }
        }
        return v;
    }

    void writeWide(OutputStream out) {
        List<String> header = wideVariables().stream().map(Variable::name).toList();
        List<OutcomeColumns> outcomeCols = outcomeColumns();
        Map<Long, Map<String, Double>> outcomeValues = new HashMap<>();
        Map<String, Integer> outcomeVersion = new HashMap<>();
        for (OutcomeRow o : outcomes) {
            if (o.total() != null) {
                outcomeValues.computeIfAbsent(o.memberId(), k -> new HashMap<>()).put(o.instrumentCode() + "|" + timepoint(o), o.total());
                outcomeVersion.merge(o.instrumentCode(), o.instrumentVersion(), Math::max);
            }
        }
        try (CsvWriter csv = new CsvWriter(out, header)) {
            for (MemberRow m : members.values()) {
                GroupRow g = groups.get(m.groupId());
                int attended = 0;
                for (SessionRow s : sessions.values()) {
                    String st = s.groupId() == g.id() ? attendance.getOrDefault(s.id(), Map.of()).get(m.id()) : null;
                    if (st != null && !st.equals("ABSENT")) {
                        attended++;
                    }
                }
                csv.text(member(m.id())).text(group(g.id())).text(site(g.siteId())).text(leader(g)).text(g.modality().toLowerCase())
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
                    csv.text(pre == null || post == null ? null : rcClass(oc.code(), outcomeVersion.get(oc.code()), pre, post));
                }
                for (String code : memberRatedCodes) {
                    for (String phase : List.of("early", "middle", "late")) {
                        csv.number(mean("PH|" + m.id() + "|" + code + "|" + phase));
                    }
                }
                csv.endRow();
            }
        }
    }

    private String rcClass(String code, Integer version, double pre, double post) {
        InstrumentDefinition d = version == null ? null : used.get(code + ":" + version);
        if (d == null || d.reliableChange() == null) {
            return null;
        }
        var result = ReliableChange.classifyByCriterion(new String[] {"m"}, new double[] {pre}, new double[] {post}, d.reliableChange(),
                d.cutoff() == null ? Double.NaN : d.cutoff(), d.direction() == Direction.HIGHER_IS_BETTER);
        return result.perMember().getFirst().category().name().toLowerCase();
    }
}
