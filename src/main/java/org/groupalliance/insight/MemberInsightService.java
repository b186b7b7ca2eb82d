package org.groupalliance.insight;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.groupalliance.analysis.Descriptives;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.capture.ExpectedForms;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntry;
import org.groupalliance.capture.Rating;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.capture.Schedule;
import org.groupalliance.insight.chart.LineChart;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.outcome.OutcomeRating;
import org.groupalliance.outcome.OutcomeService;
import org.groupalliance.roster.AttendanceRow;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One member's page ({@link #forMember}) and a group's data completeness ({@link #completeness}).
 * Access as for the insight page: the group's leaders and admins ({@link GroupService#get} and
 * {@link MemberService#get} refuse anyone else with "not found"; a member of another group is not
 * found either); observers are refused. Display names only for the group's own leaders.
 * Not read-only: completeness rebuilds the group's planned forms first ({@link ExpectedForms#refresh}).
 */
@Service
@PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "')")
public class MemberInsightService {

    static final String OWN = "Own rating";
    static final String LEADERS = "Leaders about this member";
    static final String OBSERVERS = "Observers about this member";
    /** A member of a group with session outcomes who has no pair of sessions at all. */
    static final Association.WithinPerson NO_PAIRS = new Association.WithinPerson(0, null, "0 pairs of sessions; 6 needed");

    private final GroupService groups;
    private final SessionService sessions;
    private final MemberService members;
    private final RatingService ratings;
    private final MeasurementPlanService plans;
    private final InstrumentService instruments;
    private final OutcomeService outcomes;
    private final OutcomeClasses outcomeClasses;
    private final ExpectedForms expectedForms;
    private final AssociationService association;

    MemberInsightService(GroupService groups, SessionService sessions, MemberService members, RatingService ratings, MeasurementPlanService plans,
                         InstrumentService instruments, OutcomeService outcomes, OutcomeClasses outcomeClasses, ExpectedForms expectedForms,
                         AssociationService association) {
        this.groups = groups;
        this.sessions = sessions;
        this.members = members;
        this.ratings = ratings;
        this.plans = plans;
        this.instruments = instruments;
        this.outcomes = outcomes;
        this.outcomeClasses = outcomeClasses;
        this.expectedForms = expectedForms;
        this.association = association;
    }

    /**
     * Per session alliance or cohesion instrument of the plan that members rate: each member's
     * within-person correlation of their own session rating (whole course) with their outcome at the
     * next session (as {@link AssociationService#withinPersonByMember} with the members' ratings over
     * the whole course, at least 6 pairs for an r).
     * Keyed by instrument code; empty when the plan measures no outcome at sessions. A member
     * without any pair is absent from the inner map.
     */
    @Transactional(readOnly = true)
    public Map<String, Map<MemberId, Association.WithinPerson>> withinPerson(GroupId groupId) {
        groups.get(groupId);
        return withinPerson(groupId, association.options(groupId));
    }

    /**
     * As {@link #withinPerson(GroupId)} with the group's plan options already read
     * ({@link AssociationService#options}, e.g. from {@link AssociationSummary#options()}), so the
     * insight page reads the plan for them once.
     */
    @Transactional(readOnly = true)
    public Map<String, Map<MemberId, Association.WithinPerson>> withinPerson(GroupId groupId, Association.Options options) {
        groups.get(groupId);
        List<String> measures = options.measures().stream().filter(m -> m.raters().contains(Rater.MEMBER)).map(Association.Measure::code).toList();
        // every measure's ratings and the session outcome in one read, not the outcome once per measure
        return association.withinPersonOfMembers(groupId, measures, options.sessionOutcomeCode());
    }

    /** Planned forms received, in total, per held session and per member. */
    @Transactional
    public GroupCompleteness completeness(GroupId groupId) {
        groups.get(groupId);
        ExpectedForms.Breakdown b = expectedForms.breakdown(groupId);
        List<GroupCompleteness.SessionRow> rows = new ArrayList<>();
        for (GroupSession s : sessions.findByGroup(groupId)) {
            rows.add(new GroupCompleteness.SessionRow(s.number(), s.phase().label(), b.bySession().getOrDefault(s.id(), ExpectedForms.Count.NONE)));
        }
        List<GroupCompleteness.MemberCompletenessRow> memberRows = new ArrayList<>();
        for (Member m : members.findByGroup(groupId)) {
            memberRows.add(new GroupCompleteness.MemberCompletenessRow(m.id(), m.label(), b.byMember().getOrDefault(m.id(), ExpectedForms.Count.NONE),
                    b.aboutMember().getOrDefault(m.id(), ExpectedForms.Count.NONE)));
        }
        return new GroupCompleteness(b.total(), rows, memberRows);
    }

    @Transactional
    public MemberInsight forMember(GroupId groupId, MemberId memberId) {
        Group group = groups.get(groupId);
        Member member = members.get(memberId);
        if (!member.groupId().equals(groupId)) {
            throw new NotFoundException("Member");
        }
        List<GroupSession> held = sessions.findByGroup(groupId);
        int last = Math.max(group.data().plannedSessions(), held.stream().mapToInt(GroupSession::number).max().orElse(1));
        List<MemberInsight.Attendance> attendance = new ArrayList<>();
        Map<Integer, List<Rating>> bySession = new LinkedHashMap<>();
        for (GroupSession s : held) {
            AttendanceRow row = sessions.attendance(s.id()).stream().filter(a -> a.member().id().equals(memberId)).findFirst().orElse(null);
            String status = row == null ? "not in the group" : row.status() == null ? "not taken" : row.status().label();
            attendance.add(new MemberInsight.Attendance(s.number(), s.data().date(), s.phase().label(), status, row != null && row.expected()));
            bySession.put(s.number(), ratings.forSession(s.id()).stream().filter(r -> about(r, memberId)).toList());
        }
        List<MemberInsight.Instrument> out = new ArrayList<>();
        List<MemberInsight.OutcomePoint> outcomePoints = new ArrayList<>();
        for (OutcomeRating o : outcomes.forGroup(groupId)) {
            if (o.member().equals(memberId)) {
                outcomePoints.add(new MemberInsight.OutcomePoint(o.instrumentCode(), o.timepoint().label(), null, o.total()));
            }
        }
        Map<String, Map<MemberId, Association.WithinPerson>> within = withinPerson(groupId);
        for (PlanEntry entry : plans.plan(groupId)) {
            InstrumentDefinition def = instruments.current(entry.data().instrumentCode()).map(i -> i.definition()).orElse(null);
            if (def == null || entry.data().schedule().kind() == Schedule.Kind.NONE) {
                continue;
            }
            Map<MemberId, Association.WithinPerson> w = within.get(def.code());
            Association.WithinPerson mine = w == null ? null : w.getOrDefault(memberId, NO_PAIRS);
            MemberInsight.Instrument ins = instrument(group, def, held, bySession, memberId, last, mine);
            out.add(ins);
            if (def.construct() == InstrumentDefinition.Construct.OUTCOME) {
                ins.points().stream().filter(p -> p.chart().equals("total") && p.series().equals(OWN) && !Double.isNaN(p.value()))
                        .forEach(p -> outcomePoints.add(new MemberInsight.OutcomePoint(def.code(), "Session " + p.session(), p.session(), p.value())));
            }
        }
        ExpectedForms.Breakdown b = expectedForms.breakdown(groupId);
        List<OutcomeClass> changes = outcomeClasses.forGroup(groupId, List.of(member)).getOrDefault(memberId, List.of());
        return new MemberInsight(groupId, group.name(), memberId, member.label(), group.data().plannedSessions(), attendance, out, outcomePoints, changes,
                b.byMember().getOrDefault(memberId, ExpectedForms.Count.NONE), b.aboutMember().getOrDefault(memberId, ExpectedForms.Count.NONE));
    }

    /** The member's own form, or a leader's or observer's form about the member. */
    private static boolean about(Rating r, MemberId m) {
        return r.raterKind() == Rater.MEMBER ? m.equals(r.raterMember())
                : r.target().kind() == RatingTarget.Kind.MEMBER && m.equals(r.target().member());
    }

    private MemberInsight.Instrument instrument(Group group, InstrumentDefinition def, List<GroupSession> held, Map<Integer, List<Rating>> bySession,
                                                MemberId memberId, int last, Association.WithinPerson withinPerson) {
        Map<String, List<LineChart.Point>> lines = new LinkedHashMap<>();
        lines.put(OWN, new ArrayList<>());
        Map<String, List<LineChart.Point>> subLines = new LinkedHashMap<>();
        def.subscales().forEach(sub -> subLines.put(sub.name(), new ArrayList<>()));
        List<MemberInsight.Point> points = new ArrayList<>();
        List<MemberInsight.Items> items = new ArrayList<>();
        Map<Integer, Double> own = new TreeMap<>();
        Map<Integer, List<Double>> leaders = new HashMap<>();
        boolean anyLeader = false;
        boolean anyObserver = false;
        for (GroupSession s : held) {
            List<Rating> rs = bySession.get(s.number()).stream().filter(r -> r.instrumentCode().equals(def.code())).toList();
            anyLeader |= rs.stream().anyMatch(r -> r.raterKind() == Rater.LEADER);
            anyObserver |= rs.stream().anyMatch(r -> r.raterKind() == Rater.OBSERVER);
        }
        if (anyLeader) {
            lines.put(LEADERS, new ArrayList<>());
        }
        if (anyObserver) {
            lines.put(OBSERVERS, new ArrayList<>());
        }
        for (GroupSession s : held) {
            List<Rating> rs = bySession.get(s.number()).stream().filter(r -> r.instrumentCode().equals(def.code())).toList();
            String phase = s.phase().label();
            Rating mine = rs.stream().filter(r -> r.raterKind() == Rater.MEMBER).findFirst().orElse(null);
            for (var e : lines.entrySet()) {
                Rater rater = e.getKey().equals(OWN) ? Rater.MEMBER : e.getKey().equals(LEADERS) ? Rater.LEADER : Rater.OBSERVER;
                double[] v = rs.stream().filter(r -> r.raterKind() == rater).mapToDouble(Rating::total).toArray();
                Descriptives.Summary d = Descriptives.of(v);
                e.getValue().add(new LineChart.Point(s.number(), d.n() == 0 ? null : d.mean(), d.n()));
                points.add(new MemberInsight.Point("total", e.getKey(), s.number(), phase, d.mean(), d.n()));
                if (rater == Rater.LEADER && d.n() > 0) {
                    leaders.put(s.number(), java.util.Arrays.stream(v).boxed().toList());
                }
            }
            if (mine != null && !Double.isNaN(mine.total())) {
                own.put(s.number(), mine.total());
            }
            for (var e : subLines.entrySet()) {
                Double v = mine == null ? null : mine.subscales().get(e.getKey());
                boolean has = v != null && !v.isNaN();
                e.getValue().add(new LineChart.Point(s.number(), has ? v : null, has ? 1 : 0));
                points.add(new MemberInsight.Point("subscales", e.getKey(), s.number(), phase, has ? v : Double.NaN, has ? 1 : 0));
            }
            if (mine != null) {
                items.add(new MemberInsight.Items(s.number(), mine.responses()));
            }
        }
        double[] range = InsightService.range(def);
        boolean worse = def.direction() == InstrumentDefinition.Direction.HIGHER_IS_WORSE;
        Double cutoff = def.concern().totalBelow() != null ? def.concern().totalBelow() : def.cutoff();
        String construct = InsightService.construct(def);
        List<LineChart.Phase> phases = InsightService.phases(group.data().phases(), last);
        List<LineChart.Series> series = new ArrayList<>();
        lines.forEach((name, pts) -> series.add(new LineChart.Series(name, name.equals(OWN) ? LineChart.Style.MEAN : LineChart.Style.PERSPECTIVE, pts)));
        LineChart total = new LineChart(def.name() + ": total", construct + " (" + def.scoreWord() + ", " + fmt(range[0]) + "–" + fmt(range[1]) + ")",
                range[0], range[1], worse, cutoff, 1, last, phases, series);
        LineChart subscales = null;
        if (!subLines.isEmpty()) {
            double[] sr = subscaleRange(def);
            List<LineChart.Series> ss = new ArrayList<>();
            subLines.forEach((name, pts) -> ss.add(new LineChart.Series(name, LineChart.Style.PERSPECTIVE, pts)));
            subscales = new LineChart(def.name() + ": subscales", "Subscale (" + def.scoreWord() + ", " + fmt(sr[0]) + "–" + fmt(sr[1]) + ")", sr[0], sr[1],
                    worse, null, 1, last, phases, ss);
        }
        List<String> labels = def.items().stream().map(i -> i.number() + ". " + i.label()).toList();
        return new MemberInsight.Instrument(def.code(), def.name(), worse, total, subscales, points, labels, items, Congruence.of(own, leaders),
                withinPerson);
    }

    /** Subscale scores' range: the item range for mean scores; for totals from the smallest subscale minimum to the largest maximum. */
    static double[] subscaleRange(InstrumentDefinition def) {
        if (def.scoreWord().equals("mean")) {
            return InsightService.range(def);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (InstrumentDefinition.Subscale sub : def.subscales()) {
            double min = 0;
            double max = 0;
            for (int n : sub.items()) {
                InstrumentDefinition.Item item = def.items().get(n - 1);
                min += item.min();
                max += item.max();
            }
            lo = Math.min(lo, min);
            hi = Math.max(hi, max);
        }
        return new double[] {lo, hi};
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
