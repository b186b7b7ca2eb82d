package org.groupalliance.insight;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.groupalliance.analysis.Descriptives;
import org.groupalliance.analysis.Trajectories;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntry;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.insight.chart.LineChart;
import org.groupalliance.insight.internal.InsightRepository;
import org.groupalliance.insight.internal.InsightRepository.SessionRating;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupAccess;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.Phase;
import org.groupalliance.roster.PhaseBoundaries;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a group's ratings say, session by session: for each session instrument in the group's
 * measurement plan (outcome questionnaires at baseline/post are not session series), the members'
 * scores per session (mean, SD, n, each member's point), the leaders' and observers' ratings as
 * their own lines, and a members table. Every statistic comes from {@code org.groupalliance.analysis}
 * ({@link Descriptives}, {@link Trajectories}). Access: leaders of the group and admins
 * ({@link GroupService#get} refuses other groups); observers see nothing here.
 */
@Service
@PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "')")
public class InsightService {

    private final GroupService groups;
    private final SessionService sessions;
    private final MemberService members;
    private final InsightRepository repository;
    private final MeasurementPlanService plans;
    private final InstrumentService instruments;
    private final GroupAccess access;
    private final OutcomeClasses outcomeClasses;

    InsightService(GroupService groups, SessionService sessions, MemberService members, InsightRepository repository, MeasurementPlanService plans,
                   InstrumentService instruments, GroupAccess access, OutcomeClasses outcomeClasses) {
        this.outcomeClasses = outcomeClasses;
        this.groups = groups;
        this.sessions = sessions;
        this.members = members;
        this.repository = repository;
        this.plans = plans;
        this.instruments = instruments;
        this.access = access;
    }

    @Transactional(readOnly = true)
    public GroupInsight forGroup(GroupId groupId) {
        Group group = groups.get(groupId);
        boolean names = access.canSeeNames(groupId);
        List<GroupSession> held = sessions.findByGroup(groupId);
        List<Member> roster = members.findByGroup(groupId);
        // two set-based queries for the whole group (access to it was checked by groups.get above)
        Map<SessionId, List<SessionRating>> bySession = repository.ratingsBySession(groupId);
        Map<MemberId, Integer> attended = repository.sessionsAttended(groupId);
        Map<MemberId, List<OutcomeClass>> changeClasses = outcomeClasses.forGroup(groupId, roster);
        List<InstrumentInsight> out = new ArrayList<>();
        for (PlanEntry entry : plans.plan(groupId)) {
            InstrumentDefinition current = instruments.current(entry.data().instrumentCode()).map(i -> i.definition()).orElse(null);
            // baseline/post-only entries are not session series
            if (current == null || entry.data().schedule().kind() == org.groupalliance.capture.Schedule.Kind.NONE) {
                continue;
            }
            out.add(instrument(group, current, held, bySession, roster, attended, names, changeClasses));
        }
        return new GroupInsight(groupId, group.name(), group.data().plannedSessions(), held.size(), out);
    }

    private InstrumentInsight instrument(Group group, InstrumentDefinition def, List<GroupSession> held, Map<SessionId, List<SessionRating>> bySession,
                                         List<Member> roster, Map<MemberId, Integer> attended, boolean names,
                                         Map<MemberId, List<OutcomeClass>> changeClasses) {
        Map<MemberId, Member> memberById = roster.stream().collect(Collectors.toMap(Member::id, Function.identity()));
        Function<Member, String> label = m -> names ? m.label() : m.code();
        int planned = group.data().plannedSessions();
        int last = Math.max(planned, held.stream().mapToInt(GroupSession::number).max().orElse(1));
        // series keyed by who rated about whom
        Map<String, List<LineChart.Point>> lines = new LinkedHashMap<>();
        Map<String, LineChart.Style> styles = new LinkedHashMap<>();
        String membersName = "Members' mean";
        lines.put(membersName, new ArrayList<>());
        styles.put(membersName, LineChart.Style.MEAN);
        List<LineChart.Point> memberPoints = new ArrayList<>();
        List<SessionPoint> table = new ArrayList<>();
        // per member: (session, score) for the members table
        List<String> ids = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        Map<MemberId, Map<Integer, Double>> scores = new LinkedHashMap<>();
        Map<Integer, Phase> phaseOf = new HashMap<>();
        // the leaders' totals about each member, by session (for congruence)
        Map<MemberId, Map<Integer, List<Double>>> leadersAbout = new HashMap<>();
        for (GroupSession s : held) {
            phaseOf.put(s.number(), s.phase());
            List<SessionRating> rs = bySession.getOrDefault(s.id(), List.of()).stream().filter(r -> r.instrumentCode().equals(def.code()) && !Double.isNaN(r.total())).toList();
            // members about themselves / their leader / the group
            List<SessionRating> own = rs.stream().filter(r -> r.raterKind() == Rater.MEMBER).toList();
            double[] v = own.stream().mapToDouble(SessionRating::total).toArray();
            Descriptives.Summary d = Descriptives.of(v);
            lines.get(membersName).add(new LineChart.Point(s.number(), d.n() == 0 ? null : d.mean(), d.n()));
            table.add(new SessionPoint(membersName, s.number(), s.phase().label(), d.n(), d.mean(), d.sd(), min(v), max(v)));
            for (SessionRating r : own) {
                memberPoints.add(new LineChart.Point(s.number(), r.total(), 1));
                scores.computeIfAbsent(r.raterMember(), k -> new java.util.TreeMap<>()).put(s.number(), r.total());
                ids.add(r.raterMember().toString());
                times.add((double) s.number());
                values.add(r.total());
            }
            rs.stream().filter(r -> r.raterKind() == Rater.LEADER && r.target().kind() == RatingTarget.Kind.MEMBER)
                    .forEach(r -> leadersAbout.computeIfAbsent(r.target().member(), k -> new HashMap<>())
                            .computeIfAbsent(s.number(), k -> new ArrayList<>()).add(r.total()));
            // leaders' and observers' perspectives, one line per rater kind and target kind
            Map<String, List<SessionRating>> others = rs.stream().filter(r -> r.raterKind() != Rater.MEMBER)
                    .collect(Collectors.groupingBy(r -> perspective(r.raterKind(), r.target()), LinkedHashMap::new, Collectors.toList()));
            for (var e : others.entrySet()) {
                lines.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                styles.putIfAbsent(e.getKey(), LineChart.Style.PERSPECTIVE);
            }
            for (String key : lines.keySet()) {
                if (key.equals(membersName)) {
                    continue;
                }
                double[] ov = others.getOrDefault(key, List.of()).stream().mapToDouble(SessionRating::total).toArray();
                Descriptives.Summary o = Descriptives.of(ov);
                lines.get(key).add(new LineChart.Point(s.number(), o.n() == 0 ? null : o.mean(), o.n()));
                table.add(new SessionPoint(key, s.number(), s.phase().label(), o.n(), o.mean(), o.sd(), min(ov), max(ov)));
            }
        }
        // perspectives first seen after session 1 get explicit gaps for the sessions before
        List<LineChart.Series> series = new ArrayList<>();
        if (!memberPoints.isEmpty()) {
            series.add(new LineChart.Series("Each member", LineChart.Style.POINTS, memberPoints));
        }
        for (var e : lines.entrySet()) {
            List<LineChart.Point> pts = new ArrayList<>(e.getValue());
            pts.sort(java.util.Comparator.comparingInt(LineChart.Point::session));
            series.add(new LineChart.Series(e.getKey(), styles.get(e.getKey()), pts));
        }
        double[] range = range(def);
        Double cutoff = def.concern().totalBelow() != null ? def.concern().totalBelow() : def.cutoff();
        boolean worse = def.direction() == InstrumentDefinition.Direction.HIGHER_IS_WORSE;
        String yLabel = construct(def) + " (" + def.scoreWord() + ", " + fmt(range[0]) + "–" + fmt(range[1]) + ")";
        LineChart chart = new LineChart(def.name() + ": session by session", yLabel, range[0], range[1], worse, cutoff, 1, last,
                phases(group.data().phases(), last), series);

        Map<String, Trajectories.Line> slopes = Trajectories.fit(ids.toArray(String[]::new), times.stream().mapToDouble(Double::doubleValue).toArray(),
                values.stream().mapToDouble(Double::doubleValue).toArray()).stream().collect(Collectors.toMap(Trajectories.Line::id, Function.identity()));
        List<MemberRow> rows = new ArrayList<>();
        for (Member m : roster) {
            Map<Integer, Double> sc = scores.getOrDefault(m.id(), Map.of());
            Integer first = sc.isEmpty() ? null : sc.keySet().iterator().next();
            Integer latest = sc.isEmpty() ? null : ((java.util.TreeMap<Integer, Double>) sc).lastKey();
            double f = first == null ? Double.NaN : sc.get(first);
            double l = latest == null ? Double.NaN : sc.get(latest);
            Trajectories.Line line = slopes.get(m.id().toString());
            Integer previous = sc.size() < 2 ? null : ((java.util.TreeMap<Integer, Double>) sc).lowerKey(latest);
            rows.add(new MemberRow(label.apply(m), attended.getOrDefault(m.id(), 0), sc.size(), first, f, latest, l,
                    sc.size() < 2 ? Double.NaN : l - f, line == null ? Double.NaN : line.slope(),
                    phaseMean(sc, phaseOf, Phase.EARLY), phaseMean(sc, phaseOf, Phase.MIDDLE), phaseMean(sc, phaseOf, Phase.LATE),
                    m.id(), previous, previous == null ? Double.NaN : l - sc.get(previous),
                    Congruence.of(sc, leadersAbout.getOrDefault(m.id(), Map.of())), changeClasses.getOrDefault(m.id(), List.of())));
        }
        return new InstrumentInsight(def.code(), def.name(), construct(def), worse, chart, table, rows);
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static double phaseMean(Map<Integer, Double> scores, Map<Integer, Phase> phaseOf, Phase phase) {
        return Descriptives.of(scores.entrySet().stream().filter(e -> phaseOf.get(e.getKey()) == phase).mapToDouble(Map.Entry::getValue).toArray())
                .mean();
    }

    static String perspective(Rater rater, RatingTarget target) {
        String who = rater == Rater.LEADER ? "Leaders" : "Observers";
        return switch (target.kind()) {
            case MEMBER -> who + " about each member";
            case SUBGROUP -> who + " about subgroups";
            case WHOLE_GROUP -> who + " about the group";
        };
    }

    static String construct(InstrumentDefinition def) {
        return switch (def.construct()) {
            case ALLIANCE -> "Alliance";
            case COHESION -> "Cohesion";
            case SESSION_FEEDBACK -> "Session alliance";
            case OUTCOME -> "Outcome";
        };
    }

    /** The instrument's score range: item range for a mean score, summed item ranges for a total. */
    static double[] range(InstrumentDefinition def) {
        if (def.scoreWord().equals("mean")) {
            return new double[] {def.items().stream().mapToDouble(InstrumentDefinition.Item::min).min().orElse(0),
                    def.items().stream().mapToDouble(InstrumentDefinition.Item::max).max().orElse(1)};
        }
        return new double[] {def.items().stream().mapToDouble(InstrumentDefinition.Item::min).sum(),
                def.items().stream().mapToDouble(InstrumentDefinition.Item::max).sum()};
    }

    static List<LineChart.Phase> phases(PhaseBoundaries b, int last) {
        List<LineChart.Phase> out = new ArrayList<>();
        out.add(new LineChart.Phase(Phase.EARLY.label(), b.earlyFrom(), Math.min(b.earlyTo(), last)));
        out.add(new LineChart.Phase(Phase.MIDDLE.label(), b.middleFrom(), Math.min(b.middleTo(), last)));
        out.add(new LineChart.Phase(Phase.LATE.label(), b.lateFrom(), Math.max(b.lateTo(), last)));
        return out;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
