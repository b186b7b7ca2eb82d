package org.groupalliance.capture;

import java.util.ArrayList;
import java.util.List;

import org.groupalliance.base.GroupId;
import org.groupalliance.capture.internal.ExpectedFormRepository;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.roster.AttendanceRow;
import org.groupalliance.roster.GroupAccess;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
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
 * and the research export call first), so they follow later changes of plan, attendance and
 * subgroups. Outcome forms at baseline, post and follow-up are not session forms and not counted here.
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

    ExpectedForms(ExpectedFormRepository expected, SessionService sessions, SubgroupService subgroups, MeasurementPlanService plans,
                  InstrumentService instruments, GroupAccess access, GroupService groups) {
        this.groups = groups;
        this.expected = expected;
        this.sessions = sessions;
        this.subgroups = subgroups;
        this.plans = plans;
        this.instruments = instruments;
        this.access = access;
    }

    /** Rebuilds the group's planned forms, then counts them against the stored ratings in SQL. */
    @Transactional
    public Completeness completeness(GroupId group) {
        refresh(group);
        ExpectedFormRepository.Counts c = expected.counts(group);
        return new Completeness(c.planned(), c.received(), c.missing(), c.notPlanned());
    }

    /** Rebuilds the group's planned forms, then counts them per session and per member in SQL. */
    @Transactional
    public Breakdown breakdown(GroupId group) {
        refresh(group);
        java.util.Map<org.groupalliance.base.SessionId, Count> sessions = new java.util.LinkedHashMap<>();
        expected.countsBySession(group).forEach(c -> sessions.put(new org.groupalliance.base.SessionId(c.key()), new Count(c.planned(), c.received())));
        java.util.Map<org.groupalliance.base.MemberId, Count> by = new java.util.LinkedHashMap<>();
        expected.countsByMember(group, true).forEach(c -> by.put(new org.groupalliance.base.MemberId(c.key()), new Count(c.planned(), c.received())));
        java.util.Map<org.groupalliance.base.MemberId, Count> about = new java.util.LinkedHashMap<>();
        expected.countsByMember(group, false).forEach(c -> about.put(new org.groupalliance.base.MemberId(c.key()), new Count(c.planned(), c.received())));
        ExpectedFormRepository.Counts c = expected.counts(group);
        return new Breakdown(new Completeness(c.planned(), c.received(), c.missing(), c.notPlanned()), sessions, by, about);
    }

    /** Rebuilds the {@code expected_form} rows of a group from its plan, attendance and subgroups as they are now. */
    @Transactional
    public void refresh(GroupId group) {
        access.requireLeader(group);
        List<Subgroup> groupSubgroups = subgroups.findByGroup(group);
        // the plan, the phases and each instrument's definition once per refresh, not once per session
        List<PlanEntry> plan = plans.plan(group);
        var phases = groups.get(group).data().phases();
        java.util.Map<String, InstrumentDefinition> definitions = new java.util.HashMap<>();
        List<ExpectedFormRepository.Row> rows = new ArrayList<>();
        for (GroupSession s : sessions.findByGroup(group)) {
            List<AttendanceRow> attendance = sessions.attendance(s.id());
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
        if (rows.size() != stored.size() || !new java.util.HashSet<>(rows).equals(new java.util.HashSet<>(stored))) {
            expected.replace(group, rows);
        }
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
