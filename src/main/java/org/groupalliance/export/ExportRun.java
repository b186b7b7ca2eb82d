package org.groupalliance.export;

import java.io.OutputStream;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

import org.groupalliance.analysis.Aggregation;
import org.groupalliance.export.file.RowSink;
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

/**
 * One export: the selected groups, members and sessions in memory (they are few), the ratings
 * streamed once to gather means ({@link #prepare}) and once more for each file that lists them.
 * Every id written is a research id; no name, note, free text, calendar date or internal id is
 * read into a file. Each file is written by the same loop ({@link #csv}); a long row is made once
 * ({@link #longRow}) for {@code long.csv} and Mplus's numeric data file alike. {@code wide.csv}
 * and {@code group_session.csv} are in {@link WideFile} and {@link GroupSessionFile}.
 */
final class ExportRun {

    /** The code written in an item column whose instrument has no such item (long and target files). */
    static final int NOT_APPLICABLE = RowSink.NOT_APPLICABLE;
    static final String LONG = "long.csv";
    static final String WIDE = WideFile.NAME;
    static final String GROUP_SESSION = GroupSessionFile.NAME;
    static final String TARGET = "target.csv";

    private final Pseudonymiser ids;
    private final Map<Kind, Map<Long, String>> idCache = new EnumMap<>(Kind.class);
    private final ExportRepository repository;
    private final Function<String, InstrumentDefinition> definitions; // "CODE:version" -> definition
    private final Set<String> instrumentFilter;
    private final List<Long> groupIds;
    private final LocalDate from;
    private final LocalDate to;
    final Map<Long, GroupRow> groups = new LinkedHashMap<>();
    final Map<Long, MemberRow> members = new LinkedHashMap<>();
    final Map<Long, SessionRow> sessions = new LinkedHashMap<>();
    private final Map<Long, LocalDate> firstDates;
    private final Map<Long, Map<Long, String>> attendance;
    private final Map<Long, List<SubgroupSpan>> spans = new HashMap<>();
    final List<OutcomeRow> outcomes;
    /** 1, 2, ... in the order of {@link #groups} and {@link #members}: the numeric ids of Mplus's and HLM's files. */
    final Map<Long, Integer> groupNumbers = new LinkedHashMap<>();
    final Map<Long, Integer> memberNumbers = new LinkedHashMap<>();

    // gathered by prepare()
    final Map<String, InstrumentDefinition> used = new TreeMap<>();
    /** Running sums per scope (person, group, grand), instrument and rater: one lookup per row, not one per score. */
    private final Map<Ctx, Sums> sums = new HashMap<>();
    /** Score column name ("total", "sub_...") -> index into {@link Sums}, in the order first met. */
    private final Map<String, Integer> scoreIndex = new HashMap<>();
    private final Map<String, String> subscaleColumns = new HashMap<>();
    private final Map<MeanKey, double[]> phaseMeans = new HashMap<>(); // key -> {n, sum}
    private final Map<IccKey, Map<Long, double[]>> iccSums = new HashMap<>(); // code, session -> group (ascending id: the ICC sums in a fixed order) -> {n, sum, sumsq}
    final Set<String> memberRatedCodes = new TreeSet<>();
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
        this.groupIds = List.copyOf(groupIds);
        this.from = from;
        this.to = to;
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
        groups.keySet().forEach(id -> groupNumbers.put(id, groupNumbers.size() + 1));
        members.keySet().forEach(id -> memberNumbers.put(id, memberNumbers.size() + 1));
    }

    /** The scope of a mean: one member's (person), one group's, or all (grand). */
    private enum Scope { PERSON, GROUP, GRAND }

    /** What means are taken over: scope and its id, instrument and rater kind (the scores are the {@link Sums}' slots). */
    private record Ctx(Scope scope, long id, String code, String rater) {
    }

    /** A member's own totals of an instrument in a phase. */
    private record MeanKey(long memberId, String code, String phase) {
    }

    private record IccKey(String code, int session) {
    }

    /** Count and sum of each score (by {@link #scoreIndex}), added in the order the ratings are streamed. */
    private static final class Sums {
        double[] n = new double[2];
        double[] sum = new double[2];

        void add(int score, double value) {
            if (score >= n.length) {
                n = java.util.Arrays.copyOf(n, score + 4);
                sum = java.util.Arrays.copyOf(sum, score + 4);
            }
            n[score]++;
            sum[score] += value;
        }

        /** NaN when the score was never added. */
        double mean(int score) {
            return score < n.length && n[score] > 0 ? sum[score] / n[score] : Double.NaN;
        }
    }

    /** Streams the selected ratings (one cursor) in the given order. */
    void eachRating(ExportRepository.Order order, Consumer<RatingRow> each) {
        repository.ratings(groupIds, from, to, instrumentFilter, order, each);
    }

    /** Streams the selected ratings without their items (only what {@link #prepare} needs). */
    private void eachRatingWithoutItems(Consumer<RatingRow> each) {
        repository.ratings(groupIds, from, to, instrumentFilter, ExportRepository.Order.BY_SESSION, false, each);
    }

    /** The one loop that writes a CSV file: the variables' names as the header row, then whatever {@code rows} writes. */
    static void csv(OutputStream out, List<Variable> variables, Consumer<CsvWriter> rows) {
        try (CsvWriter csv = new CsvWriter(out, variables.stream().map(Variable::name).toList())) {
            rows.accept(csv);
        }
    }

    /** First pass over the ratings: instrument versions used, means for centring, phase means, ICC sums. */
    ExportRun prepare() {
        // definitions are read after the stream: no other query may run on its connection meanwhile
        Set<String> versions = new TreeSet<>();
        for (OutcomeRow o : outcomes) {
            versions.add(o.instrumentCode() + ":" + o.instrumentVersion());
        }
        eachRatingWithoutItems(r -> {
            versions.add(r.instrumentCode() + ":" + r.instrumentVersion());
            SessionRow s = sessions.get(r.sessionId());
            if (!r.raterKind().equals("MEMBER")) {
                targetRows++;
            }
            if (!r.targetKind().equals("MEMBER")) {
                return;
            }
            longRows++;
            Sums person = sums(Scope.PERSON, r.targetMemberId(), r);
            Sums group = sums(Scope.GROUP, r.groupId(), r);
            Sums grand = sums(Scope.GRAND, 0, r);
            double total = r.total() == null ? Double.NaN : r.total();
            if (!Double.isNaN(total)) {
                person.add(0, total);
                group.add(0, total);
                grand.add(0, total);
                if (r.raterKind().equals("MEMBER")) {
                    double[] phase = phaseMeans.computeIfAbsent(new MeanKey(r.targetMemberId(), r.instrumentCode(), s.phase()), k -> new double[2]);
                    phase[0]++;
                    phase[1] += total;
                    double[] acc = iccSums.computeIfAbsent(new IccKey(r.instrumentCode(), s.number()), k -> new java.util.TreeMap<>())
                            .computeIfAbsent(r.groupId(), k -> new double[3]);
                    acc[0]++;
                    acc[1] += total;
                    acc[2] += total * total;
                }
            }
            Map<String, Double> byColumn = new LinkedHashMap<>(); // two names may make one column: the last value counts, as in the file
            r.subscales().forEach((name, value) -> byColumn.put(subscaleColumnCached(name), value));
            byColumn.forEach((column, value) -> {
                if (Double.isNaN(value)) {
                    return;
                }
                int i = scoreIndex(column);
                person.add(i, value);
                group.add(i, value);
                grand.add(i, value);
            });
            if (r.raterKind().equals("MEMBER")) {
                memberRatedCodes.add(r.instrumentCode());
                memberRatedRows.merge(r.instrumentCode(), 1, Integer::sum);
                memberRatedGroups.computeIfAbsent(r.instrumentCode(), k -> new java.util.HashSet<>()).add(r.groupId());
            }
        });
        for (String key : versions) {
            used.computeIfAbsent(key, definitions);
        }
        Set<String> names = new LinkedHashSet<>();
        for (InstrumentDefinition d : used.values()) {
            maxItems = Math.max(maxItems, d.items().size());
            d.subscales().forEach(s -> names.add(subscaleColumn(s.name())));
        }
        subscaleNames = List.copyOf(names);
        rowScoreNames = scoreNames();
        scoreSlots = rowScoreNames.stream().mapToInt(this::scoreIndex).toArray();
        return this;
    }

    /** {@link #scoreNames()}' slots in {@link Sums} (set by {@link #prepare}). */
    private int[] scoreSlots = new int[0];
    private List<String> rowScoreNames = List.of();

    private int scoreIndex(String column) {
        if (column.equals("total")) {
            return 0;
        }
        Integer i = scoreIndex.get(column);
        if (i == null) {
            i = scoreIndex.size() + 1; // 0 is "total"
            scoreIndex.put(column, i);
        }
        return i;
    }

    private String subscaleColumnCached(String name) {
        return subscaleColumns.computeIfAbsent(name, ExportRun::subscaleColumn);
    }

    private Sums sums(Scope scope, long id, RatingRow r) {
        return sums.computeIfAbsent(new Ctx(scope, id, r.instrumentCode(), r.raterKind()), k -> new Sums());
    }

    private static final Sums NONE = new Sums();

    /** The member-rated instrument rated in the most groups, then with the most rows (the first code on a tie), or null. */
    String mostRatedMemberInstrument() {
        return memberRatedRows.keySet().stream().max(java.util.Comparator.<String>comparingInt(c -> memberRatedGroups.get(c).size())
                .thenComparingInt(memberRatedRows::get).thenComparing(java.util.Comparator.<String>reverseOrder())).orElse(null);
    }

    /** Mean of a member's own totals of an instrument in a phase (NaN: none). */
    double phaseMean(long memberId, String code, String phase) {
        double[] acc = phaseMeans.get(new MeanKey(memberId, code, phase));
        return acc == null ? Double.NaN : acc[1] / acc[0];
    }

    /** Mean of a member's own totals of an instrument (NaN: none). */
    double personMean(long memberId, String code) {
        return sums.getOrDefault(new Ctx(Scope.PERSON, memberId, code, "MEMBER"), NONE).mean(0);
    }

    /**
     * The rating's value of each of {@link #scoreNames()} into {@code values} (NaN when not scored) and whether the
     * rating has that score at all into {@code has} ("total" always; a subscale when the rating stored it).
     */
    private void scores(RatingRow r, double[] values, boolean[] has) {
        java.util.Arrays.fill(values, Double.NaN);
        java.util.Arrays.fill(has, false);
        values[0] = r.total() == null ? Double.NaN : r.total();
        has[0] = true;
        if (!r.subscales().isEmpty()) {
            List<String> names = rowScoreNames;
            r.subscales().forEach((name, v) -> {
                int i = names.indexOf(subscaleColumnCached(name));
                if (i >= 0) {
                    values[i] = v;
                    has[i] = true;
                }
            });
        }
    }

    static String subscaleColumn(String name) {
        String s = name.toLowerCase().replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        s = "sub_" + (s.isEmpty() ? "x" : s);
        return s.length() > 24 ? s.substring(0, 24) : s;
    }

    // ---------------------------------------------------------------- ids and shared columns

    /** The research id, computed once per export (an HMAC per cell would cost more than the rest of the row). */
    String id(Kind kind, long id) {
        return idCache.computeIfAbsent(kind, k -> new HashMap<>()).computeIfAbsent(id, i -> ids.id(kind, i));
    }

    String member(long id) {
        return id(Kind.MEMBER, id);
    }

    String group(long id) {
        return id(Kind.GROUP, id);
    }

    String site(long id) {
        return id(Kind.SITE, id);
    }

    String user(Long id) {
        return id == null ? null : id(Kind.USER, id);
    }

    /** Whether the export holds the group's session with this number (always, without a date filter). */
    boolean exportsSession(long groupId, int number) {
        if (from == null && to == null) {
            return true;
        }
        return sessions.values().stream().anyMatch(s -> s.groupId() == groupId && s.number() == number);
    }

    String attendanceOf(long sessionId, long memberId) {
        return attendance.getOrDefault(sessionId, Map.of()).get(memberId);
    }

    String leader(GroupRow g) {
        return g.leaderUserIds().isEmpty() ? null : user(g.leaderUserIds().getFirst());
    }

    Integer days(SessionRow s) {
        LocalDate first = firstDates.get(s.groupId());
        return first == null ? null : (int) ChronoUnit.DAYS.between(first, s.date());
    }

    private String subgroupAt(long memberId, int session) {
        for (SubgroupSpan span : spans.getOrDefault(memberId, List.of())) {
            if (span.covers(session)) {
                return id(Kind.SUBGROUP, span.subgroupId());
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- long

    List<Variable> longVariables() {
        List<Variable> v = new ArrayList<>();
        String f = LONG;
        v.add(Variable.memberId(f));
        v.add(Variable.groupId(f));
        v.add(Variable.siteId(f));
        v.add(Variable.leaderId(f));
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
            // the exact definitions (which rows, observation-weighted) are in the codebook's "Means and centring" section (Codebook.CENTRING)
            v.add(Variable.of(f, score + "_pm", "Person mean of " + score + ": mean of the member's rows (same instrument, rater kind)", "number", ""));
            v.add(Variable.of(f, score + "_gm", "Group mean of " + score + ": mean of the group's rows, not of person means (same instrument, rater kind)",
                    "number", ""));
            v.add(Variable.of(f, score + "_within", score + " minus " + score + "_pm", "number", ""));
            v.add(Variable.of(f, score + "_between", score + "_pm minus grand mean (mean of all exported rows, not of person means; same instrument, "
                    + "rater kind)", "number", ""));
            v.add(Variable.of(f, score + "_gmc", score + " minus " + score + "_gm", "number", ""));
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

    List<String> codes() {
        return used.values().stream().map(InstrumentDefinition::code).distinct().toList();
    }

    void writeLong(OutputStream out) {
        csv(out, longVariables(), csv -> eachRating(ExportRepository.Order.BY_SESSION, r -> longRow(r, csv)));
    }

    /** One row of the long file for a rating of a member (other ratings are skipped). */
    void longRow(RatingRow r, RowSink row) {
        if (!r.targetKind().equals("MEMBER")) {
            return;
        }
        SessionRow s = sessions.get(r.sessionId());
        GroupCells g = groupCells(r.groupId());
        long m = r.targetMemberId();
        row.text(member(m)).text(g.group).text(g.site).text(g.leader).text(g.modality)
                .text(g.format).integer(s.number()).integer(days(s)).text(s.phase())
                .text(lower(attendanceOf(s.id(), m))).text(subgroupAt(m, s.number()))
                .text(r.instrumentCode()).integer(r.instrumentVersion()).text(lower(r.raterKind()))
                .text(r.raterKind().equals("MEMBER") ? null : user(r.raterUserId()));
        int k = itemAndScoreCells(row, r);
        Sums person = sums.getOrDefault(new Ctx(Scope.PERSON, m, r.instrumentCode(), r.raterKind()), NONE);
        Sums group = sums.getOrDefault(new Ctx(Scope.GROUP, r.groupId(), r.instrumentCode(), r.raterKind()), NONE);
        Sums grand = sums.getOrDefault(new Ctx(Scope.GRAND, 0, r.instrumentCode(), r.raterKind()), NONE);
        for (int i = 0; i < k; i++) {
            double value = values[i];
            int slot = scoreSlots[i];
            double pm = person.mean(slot);
            double gm = group.mean(slot);
            boolean present = has[i];
            row.number(present ? pm : Double.NaN).number(present ? gm : Double.NaN).number(value - pm)
                    .number(present ? pm - grand.mean(slot) : Double.NaN).number(value - gm);
        }
        row.endRow();
    }

    /** Reused by {@link #longRow} and the target file's rows (one thread writes a file): the row's scores and whether each is present. */
    private double[] values = new double[0];
    private boolean[] has = new boolean[0];

    /** Writes the row's item cells and its score cells (total and subscales), leaving the scores in {@link #values}/{@link #has}; returns their number. */
    private int itemAndScoreCells(RowSink row, RatingRow r) {
        items(row, r);
        int k = scoreSlots.length;
        if (values.length != k) {
            values = new double[k];
            has = new boolean[k];
        }
        scores(r, values, has);
        for (int i = 0; i < k; i++) {
            row.number(values[i]);
        }
        return k;
    }

    /** A group's cells of the long file, made once per export. */
    private record GroupCells(String group, String site, String leader, String modality, String format) {
    }

    private final Map<Long, GroupCells> groupCells = new HashMap<>();

    private GroupCells groupCells(long id) {
        GroupCells c = groupCells.get(id);
        if (c == null) {
            GroupRow g = groups.get(id);
            c = new GroupCells(group(g.id()), site(g.siteId()), leader(g), g.modality().toLowerCase(), g.format().toLowerCase());
            groupCells.put(id, c);
        }
        return c;
    }

    private void items(RowSink csv, RatingRow r) {
        double[] values = r.items();
        InstrumentDefinition d = used.get(r.instrumentCode() + ":" + r.instrumentVersion());
        int k = d == null ? values.length : d.items().size();
        for (int i = 0; i < maxItems; i++) {
            boolean notApplicable = i >= k || (r.notApplicable() != null && i < r.notApplicable().length && r.notApplicable()[i]);
            if (notApplicable) {
                csv.notApplicable();
            } else {
                csv.number(i < values.length ? values[i] : Double.NaN);
            }
        }
    }

    private static final Map<String, String> LOWER = new java.util.concurrent.ConcurrentHashMap<>();

    /** Lower case of a stored code word (attendance, rater kind): a handful of values, so kept rather than made per row. */
    private static String lower(String s) {
        return s == null ? null : LOWER.computeIfAbsent(s, x -> x.toLowerCase());
    }

    // ---------------------------------------------------------------- target

    List<Variable> targetVariables() {
        List<Variable> v = new ArrayList<>();
        String f = TARGET;
        v.add(Variable.groupId(f));
        v.add(Variable.siteId(f));
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
        csv(out, targetVariables(), csv -> eachRating(ExportRepository.Order.BY_SESSION, r -> targetRow(r, csv)));
    }

    /** One row of the target file for a leader's or observer's rating (members' ratings are skipped). */
    private void targetRow(RatingRow r, RowSink row) {
        if (r.raterKind().equals("MEMBER")) {
            return;
        }
        SessionRow s = sessions.get(r.sessionId());
        GroupRow g = groups.get(r.groupId());
        String target = switch (r.targetKind()) {
            case "MEMBER" -> member(r.targetMemberId());
            case "SUBGROUP" -> id(Kind.SUBGROUP, r.targetSubgroupId());
            default -> null;
        };
        row.text(group(g.id())).text(site(g.siteId())).integer(s.number()).integer(days(s)).text(s.phase())
                .text(r.instrumentCode()).integer(r.instrumentVersion()).text(r.raterKind().toLowerCase()).text(user(r.raterUserId()))
                .text(r.targetKind().toLowerCase()).text(target);
        itemAndScoreCells(row, r);
        row.endRow();
    }

    static String column(String code) {
        return code.toLowerCase().replaceAll("[^a-z0-9]+", "_");
    }

    /**
     * ICC(1), ICC(2) of the members' totals in the exported groups at one session number, from
     * per-group sums: MSB = Σ n_j (m_j - m)² / (J - 1), MSW = Σ (Σx² - n_j m_j²) / (N - J),
     * ICC1 = (MSB - MSW) / (MSB + (N/J - 1) MSW), ICC2 = (MSB - MSW) / MSB (as
     * {@link Aggregation#icc}). NaN with fewer than two groups or no more ratings than groups.
     */
    double[] icc(String code, int session) {
        Map<Long, double[]> byGroup = iccSums.getOrDefault(new IccKey(code, session), Map.of());
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
}
