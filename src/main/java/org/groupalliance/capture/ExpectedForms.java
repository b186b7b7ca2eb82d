package org.groupalliance.capture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.capture.internal.ExpectedFormRepository;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.roster.AttendanceRow;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupAccess;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.Subgroup;
import org.groupalliance.roster.SubgroupService;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Planned, received, missing and unplanned forms of a group, countable in SQL: the planned forms
 * are rows of {@code expected_form} (session x instrument x rater x target), derived from the
 * measurement plan, who was expected at each session ({@link AttendanceRow#expected()}) and the
 * subgroups at that session. They are rebuilt by {@link #refresh} (which {@link #completeness}
 * and {@link #breakdown} call first), so they follow later changes of plan, attendance and
 * subgroups; a look when nothing changed reads a fixed number of statements and writes nothing.
 * Planned forms are counted against the group's stored ratings in Java, from one read of each. Outcome forms at baseline, post and follow-up are not session forms and not counted here.
 */
@Service
@PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "')")
public class ExpectedForms {

    /** "32 of 40 planned forms received": planned, received among them, missing, and received without being planned. */
    public record Completeness(int planned, int received, int missing, int notPlanned) {
        public String summary() {
            return received + " of " + planned + " planned forms received" + (notPlanned == 0 ? "" : "; " + notPlanned + " not planned");
        }
    }

    /** Planned forms and how many of them were received. */
    public record Count(int planned, int received) {
        public static final Count NONE = new Count(0, 0);

        public int missing() {
            return planned - received;
        }

        /** "5 of 6". */
        public String summary() {
            return received + " of " + planned;
        }
    }

    /**
     * Completeness in total and broken down: per session, per member for the forms the member completes
     * ({@code byMember}) and for the forms leaders and observers complete about the member
     * ({@code aboutMember}). Sessions and members without a planned form are absent.
     */
    public record Breakdown(Completeness total, java.util.Map<org.groupalliance.base.SessionId, Count> bySession,
                            java.util.Map<org.groupalliance.base.MemberId, Count> byMember,
                            java.util.Map<org.groupalliance.base.MemberId, Count> aboutMember) {
        public Breakdown {
            bySession = java.util.Map.copyOf(bySession);
            byMember = java.util.Map.copyOf(byMember);
            aboutMember = java.util.Map.copyOf(aboutMember);
        }
    }

    private final ExpectedFormRepository expected;
    private final SessionService sessions;
    private final SubgroupService subgroups;
    private final MeasurementPlanService plans;
    private final InstrumentService instruments;
    private final GroupAccess access;
    private final GroupService groups;
    private final MemberService members;

    ExpectedForms(ExpectedFormRepository expected, SessionService sessions, SubgroupService subgroups, MeasurementPlanService plans,
                  InstrumentService instruments, GroupAccess access, GroupService groups, MemberService members) {
        this.groups = groups;
        this.members = members;
        this.expected = expected;
        this.sessions = sessions;
        this.subgroups = subgroups;
        this.plans = plans;
        this.instruments = instruments;
        this.access = access;
    }

    /** Rebuilds the group's planned forms if they changed, then counts them against the group's stored ratings. */
    @Transactional
    public Completeness completeness(GroupId group) {
        return count(current(group), expected.ratingKeys(group)).total();
    }

    /** Rebuilds the group's planned forms if they changed, then counts them in total, per session and per member. */
    @Transactional
    public Breakdown breakdown(GroupId group) {
        return count(current(group), expected.ratingKeys(group));
    }

    /** Rebuilds the {@code expected_form} rows of a group from its plan, attendance and subgroups as they are now. */
    @Transactional
    public void refresh(GroupId group) {
        current(group);
    }

    /**
     * The group's planned forms as they are now, written to {@code expected_form} only when they
     * differ from the stored rows. A fixed number of statements however many sessions and members:
     * plan, phases, definitions, sessions, roster, subgroups, the attendance of every session and the
     * stored rows are each read once (a page view looks at completeness on every load).
     */
    private List<ExpectedFormRepository.Row> current(GroupId group) {
        access.requireLeader(group);
        List<Subgroup> groupSubgroups = subgroups.findByGroup(group);
        List<PlanEntry> plan = plans.plan(group);
        var phases = groups.get(group).data().phases();
        List<Member> roster = members.findByGroup(group);
        Map<Long, Map<Long, String>> recorded = expected.attendance(group);
        Map<String, InstrumentDefinition> definitions = new HashMap<>();
        List<ExpectedFormRepository.Row> rows = new ArrayList<>();
        for (GroupSession s : sessions.findByGroup(group)) {
            List<AttendanceRow> attendance = attendance(s, roster, recorded.getOrDefault(s.id().value(), Map.of()));
            var phase = phases.phaseOf(s.number());
            for (PlanEntry entry : plan) {
                if (!entry.data().schedule().isDue(s.number(), phase)) {
                    continue;
                }
                InstrumentDefinition def = definitions.computeIfAbsent(entry.data().instrumentCode(),
                        code -> instruments.current(code).map(i -> i.definition()).orElse(null));
                if (def == null) {
                    continue;
                }
                for (Rater rater : entry.data().raters()) {
                    if (rater == Rater.MEMBER) {
                        for (AttendanceRow a : attendance) {
                            if (a.expected()) {
                                rows.add(row(s, def.code(), rater, a.member().id().value(), RatingTarget.member(a.member().id())));
                            }
                        }
                    } else {
                        for (RatingTarget t : targets(def, s, attendance, groupSubgroups)) {
                            rows.add(row(s, def.code(), rater, null, t));
                        }
                    }
                }
            }
        }
        // a page view changes nothing: write only when plan, attendance or subgroups changed the planned forms
        List<ExpectedFormRepository.Row> stored = expected.rows(group);
        if (rows.size() != stored.size() || !new HashSet<>(rows).equals(new HashSet<>(stored))) {
            expected.replace(group, rows);
        }
        return rows;
    }

    /**
     * A session's attendance sheet as {@link SessionService#attendance} gives it (members of the
     * group who belong at the session or have a recorded status, in roster order), built from the
     * group's roster and recorded attendance read once for all sessions.
     */
    private static List<AttendanceRow> attendance(GroupSession s, List<Member> roster, Map<Long, String> recorded) {
        List<AttendanceRow> rows = new ArrayList<>();
        for (Member m : roster) {
            String status = recorded.get(m.id().value());
            if (m.data().belongsAt(s.number()) || status != null) {
                rows.add(new AttendanceRow(m, status == null ? null : AttendanceStatus.valueOf(status)));
            }
        }
        return rows;
    }

    /**
     * Planned forms against stored ratings: a planned form is received when a rating has its key
     * (same session, instrument, rater kind, the member for a member's own form, target); a rating
     * whose key no planned form has is not planned.
     */
    private static Breakdown count(List<ExpectedFormRepository.Row> planned, List<ExpectedFormRepository.Key> ratings) {
        Set<ExpectedFormRepository.Key> rated = new HashSet<>(ratings);
        Set<ExpectedFormRepository.Key> plannedKeys = new HashSet<>();
        Map<SessionId, int[]> bySession = new TreeMap<>(Comparator.comparingLong(SessionId::value));
        Map<MemberId, int[]> byMember = new TreeMap<>(Comparator.comparingLong(MemberId::value));
        Map<MemberId, int[]> aboutMember = new TreeMap<>(Comparator.comparingLong(MemberId::value));
        int received = 0;
        for (ExpectedFormRepository.Row r : planned) {
            ExpectedFormRepository.Key key = r.key();
            plannedKeys.add(key);
            int got = rated.contains(key) ? 1 : 0;
            received += got;
            tally(bySession, new SessionId(r.sessionId()), got);
            if (r.raterKind().equals(Rater.MEMBER.name())) {
                tally(byMember, new MemberId(r.raterMemberId()), got);
            } else if (r.targetMemberId() != null) {
                tally(aboutMember, new MemberId(r.targetMemberId()), got);
            }
        }
        int notPlanned = (int) ratings.stream().filter(k -> !plannedKeys.contains(k)).count();
        Completeness total = new Completeness(planned.size(), received, planned.size() - received, notPlanned);
        return new Breakdown(total, counts(bySession), counts(byMember), counts(aboutMember));
    }

    private static <K> void tally(Map<K, int[]> counts, K key, int received) {
        int[] c = counts.computeIfAbsent(key, k -> new int[2]);
        c[0]++;
        c[1] += received;
    }

    private static <K> Map<K, Count> counts(Map<K, int[]> tallies) {
        Map<K, Count> out = new LinkedHashMap<>();
        tallies.forEach((k, c) -> out.put(k, new Count(c[0], c[1])));
        return out;
    }

    /**
     * Whom a leader or observer rates with an instrument at a session, as its target asks: each
     * expected member, each subgroup with members at that session, the whole group.
     */
    public static List<RatingTarget> targets(InstrumentDefinition def, GroupSession session, List<AttendanceRow> attendance, List<Subgroup> subgroups) {
        InstrumentDefinition.Target t = def.target();
        List<RatingTarget> targets = new ArrayList<>();
        if (ratesMembers(def)) {
            attendance.stream().filter(AttendanceRow::expected).forEach(a -> targets.add(RatingTarget.member(a.member().id())));
        }
        if (t == InstrumentDefinition.Target.SUBGROUP_TO_LEADER || t == InstrumentDefinition.Target.MULTI_LEVEL) {
            subgroups.stream().filter(s -> !s.membersAt(session.number()).isEmpty()).forEach(s -> targets.add(RatingTarget.subgroup(s.id())));
        }
        if (t == InstrumentDefinition.Target.WHOLE_GROUP_TO_LEADER || t == InstrumentDefinition.Target.MULTI_LEVEL) {
            targets.add(RatingTarget.wholeGroup());
        }
        return targets;
    }

    /** Whether a leader or observer rates individual members with this instrument. */
    public static boolean ratesMembers(InstrumentDefinition def) {
        InstrumentDefinition.Target t = def.target();
        return t == InstrumentDefinition.Target.MEMBER_TO_LEADER || t == InstrumentDefinition.Target.MEMBER_TO_GROUP
                || t == InstrumentDefinition.Target.MULTI_LEVEL;
    }

    private static ExpectedFormRepository.Row row(GroupSession s, String code, Rater rater, Long raterMember, RatingTarget target) {
        String key = s.id().value() + "|" + code + "|" + rater.name() + (raterMember == null ? "" : ":" + raterMember) + "|" + target.key();
        return new ExpectedFormRepository.Row(s.id().value(), code, rater.name(), raterMember, target.kind().name(),
                target.member() == null ? null : target.member().value(), target.subgroup() == null ? null : target.subgroup().value(), key);
    }
}
