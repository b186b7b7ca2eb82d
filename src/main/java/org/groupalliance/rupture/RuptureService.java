package org.groupalliance.rupture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.Validator;
import org.groupalliance.capture.Rating;
import org.groupalliance.capture.RatingService;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.Subgroup;
import org.groupalliance.roster.SubgroupService;
import org.groupalliance.rupture.internal.AlertRepository;
import org.groupalliance.rupture.internal.RuptureRepository;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rupture records and the repair workflow: opened from an alert or by hand; steps 1-8 of the
 * nine-step model as checkboxes with an optional note and session; the plan for the next session
 * and where; open -> in progress -> closed with an outcome (step 9). Only the group's leaders read
 * or change records; every create and change is audited with before and after (notes and plan
 * appear there only as "[redacted]"). {@link #ratingsAfter} shows the member's ratings in the
 * sessions after the rupture, which suggests but never sets the outcome.
 */
@Service
@PreAuthorize("hasRole('" + Roles.FACILITATOR + "')")
public class RuptureService {

    private final RuptureRepository records;
    private final AlertRepository alerts;
    private final LeaderCheck leaders;
    private final MemberService members;
    private final SubgroupService subgroups;
    private final SessionService sessions;
    private final RatingService ratings;
    private final InstrumentService instruments;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final java.time.Clock clock;

    RuptureService(RuptureRepository records, AlertRepository alerts, LeaderCheck leaders, MemberService members, SubgroupService subgroups,
                   SessionService sessions, RatingService ratings, InstrumentService instruments, AuditLog audit, CurrentUser currentUser, java.time.Clock clock) {
        this.records = records;
        this.alerts = alerts;
        this.leaders = leaders;
        this.members = members;
        this.subgroups = subgroups;
        this.sessions = sessions;
        this.ratings = ratings;
        this.instruments = instruments;
        this.audit = audit;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Rupture get(RuptureId id) {
        Rupture r = records.find(id).orElseThrow(() -> new NotFoundException("Rupture record"));
        leaders.requireLeader(r.groupId());
        return labelled(r);
    }

    @Transactional(readOnly = true)
    public List<Rupture> forGroup(GroupId group) {
        leaders.requireLeader(group);
        return records.findByGroups(List.of(group)).stream().map(this::labelled).toList();
    }

    /** Opens a record by hand: noticed in a session, with a member, a subgroup or the whole group. */
    @Transactional
    public Rupture open(GroupId group, RuptureData data) {
        leaders.requireLeader(group);
        return create(group, null, data);
    }

    /** Opens a record from an active alert: with its member (or the whole group / subgroup), noticed at its session. */
    @Transactional
    public Rupture openFromAlert(AlertId alertId, int alertVersion, Rupture.Marker marker) {
        Alert a = alerts.find(alertId).orElseThrow(() -> new NotFoundException("Alert"));
        leaders.requireLeader(a.groupId());
        if (a.status() != Alert.Status.ACTIVE) {
            throw ValidationException.of("alert", "This alert is already " + a.status().name().toLowerCase().replace('_', ' '));
        }
        RuptureData data;
        if (a.member() != null) {
            data = new RuptureData(Rupture.With.MEMBER, a.member(), null, marker, a.sessionNumber());
        } else {
            Subgroup sg = subgroups.findByGroup(a.groupId()).stream().filter(s -> s.name().equals(a.subject())).findFirst().orElse(null);
            data = sg == null ? new RuptureData(Rupture.With.WHOLE_GROUP, null, null, marker, a.sessionNumber())
                    : new RuptureData(Rupture.With.SUBGROUP, null, sg.id(), marker, a.sessionNumber());
        }
        Rupture r = create(a.groupId(), alertId, data);
        if (!alerts.linkRecord(alertId, alertVersion, r.id())) {
            throw new ConcurrentEditException("The alert");
        }
        audit.record(AuditAction.UPDATE, "RuptureAlert", alertId.value(), a.groupId().value(), "Rupture record opened from the alert",
                AlertService.snapshot(a), AlertService.snapshot(alerts.find(alertId).orElseThrow()));
        return r;
    }

    private Rupture create(GroupId group, AlertId alert, RuptureData d) {
        Validator v = new Validator()
                .check(d.with() != null, "with", "With whom: a member, a subgroup or the whole group")
                .check(d.marker() != null, "marker", "Marker: withdrawal or confrontation")
                .check(d.noticedSession() >= 1, "noticedSession", "Session: the session it was noticed in (1 or later)");
        if (d.with() == Rupture.With.MEMBER) {
            v.check(d.member() != null && members.findByGroup(group).stream().anyMatch(m -> m.id().equals(d.member())), "member",
                    "Member: choose a member of this group");
        }
        if (d.with() == Rupture.With.SUBGROUP) {
            v.check(d.subgroup() != null && subgroups.findByGroup(group).stream().anyMatch(s -> s.id().equals(d.subgroup())), "subgroup",
                    "Subgroup: choose a subgroup of this group");
        }
        v.throwIfInvalid();
        Rupture r = new Rupture(null, group, alert, d.with(), d.with() == Rupture.With.MEMBER ? d.member() : null,
                d.with() == Rupture.With.SUBGROUP ? d.subgroup() : null, null, d.marker(), d.noticedSession(), List.of(), null, null, Rupture.State.OPEN, null,
                null, null, currentUser.actorName(), 0);
        RuptureId id = records.insert(r, org.groupalliance.base.Times.nowUtc(clock));
        Rupture stored = get(id);
        audit.record(AuditAction.CREATE, "RuptureRecord", id.value(), group.value(), "Rupture record opened (" + stored.withLabel() + ")", null, stored);
        return stored;
    }

    /**
     * Records one step (1-8): done or not, an optional note and the session it happened in. The
     * first recorded step moves an open record to in progress. Audited.
     */
    @Transactional
    public Rupture recordStep(RuptureId id, int version, Rupture.Step step) {
        Rupture before = editable(id);
        Validator v = new Validator()
                .check(step.step() >= 1 && step.step() <= 8, "step", "Step: 1 to 8 (step 9 is the outcome, set when closing)")
                .check(step.note() == null || step.note().length() <= 2000, "note", "Note: at most 2000 characters")
                .check(step.session() == null || step.session() >= 1, "session", "Session: 1 or later");
        v.throwIfInvalid();
        List<Rupture.Step> steps = new ArrayList<>(before.steps().stream().filter(s -> s.step() != step.step()).toList());
        steps.add(step);
        steps.sort(Comparator.comparingInt(Rupture.Step::step));
        Rupture after = with(before, steps, before.planNext(), before.planWhere(), before.state() == Rupture.State.OPEN ? Rupture.State.IN_PROGRESS
                : before.state(), null, null);
        return save(before, after, version, "Step " + step.step() + (step.done() ? " recorded" : " unticked"));
    }

    /** The plan for the next session and where it happens. Audited. */
    @Transactional
    public Rupture plan(RuptureId id, int version, String planNext, Rupture.Where where) {
        Rupture before = editable(id);
        String p = planNext == null || planNext.isBlank() ? null : planNext.strip();
        if (p != null && p.length() > 2000) {
            throw ValidationException.of("planNext", "Plan: at most 2000 characters");
        }
        Rupture after = with(before, before.steps(), p, where, before.state() == Rupture.State.OPEN ? Rupture.State.IN_PROGRESS : before.state(), null, null);
        return save(before, after, version, "Plan for the next session");
    }

    /** Closes the record with its outcome (step 9) and the session it was reached in. Audited. */
    @Transactional
    public Rupture close(RuptureId id, int version, Rupture.Outcome outcome, int session) {
        Rupture before = editable(id);
        new Validator().check(outcome != null, "outcome", "Outcome: repaired, unrepaired, planned ending by agreement or dropped out")
                .check(session >= before.noticedSession(), "closedSession", "Session: the session the outcome was reached in, not before session "
                        + before.noticedSession())
                .throwIfInvalid();
        return save(before, with(before, before.steps(), before.planNext(), before.planWhere(), Rupture.State.CLOSED, outcome, session), version,
                "Rupture record closed: " + outcome.label());
    }

    private Rupture editable(RuptureId id) {
        Rupture r = get(id);
        if (r.state() == Rupture.State.CLOSED) {
            throw ValidationException.of("state", "This rupture record is closed");
        }
        return r;
    }

    private Rupture save(Rupture before, Rupture after, int version, String summary) {
        if (!records.update(after, version, org.groupalliance.base.Times.nowUtc(clock))) {
            throw new ConcurrentEditException("The rupture record");
        }
        Rupture stored = get(before.id());
        audit.record(AuditAction.UPDATE, "RuptureRecord", before.id().value(), before.groupId().value(), summary, before, stored);
        return stored;
    }

    private static Rupture with(Rupture r, List<Rupture.Step> steps, String plan, Rupture.Where where, Rupture.State state, Rupture.Outcome outcome,
                                Integer closed) {
        return new Rupture(r.id(), r.groupId(), r.alert(), r.with(), r.member(), r.subgroup(), r.withLabel(), r.marker(), r.noticedSession(), steps, plan,
                where, state, outcome, closed, r.createdAt(), r.createdBy(), r.version());
    }

    private Rupture labelled(Rupture r) {
        String label = switch (r.with()) {
            case MEMBER -> members.findByGroup(r.groupId()).stream().filter(m -> m.id().equals(r.member())).map(Member::code).findFirst().orElse("member");
            case SUBGROUP -> subgroups.findByGroup(r.groupId()).stream().filter(s -> s.id().equals(r.subgroup())).map(Subgroup::name).findFirst()
                    .orElse("subgroup");
            case WHOLE_GROUP -> AlertRules.WHOLE_GROUP;
        };
        return new Rupture(r.id(), r.groupId(), r.alert(), r.with(), r.member(), r.subgroup(), label, r.marker(), r.noticedSession(), r.steps(), r.planNext(),
                r.planWhere(), r.state(), r.outcome(), r.closedSession(), r.createdAt(), r.createdBy(), r.version());
    }

    /** The member's own ratings of an instrument with a concern rule, session by session from the rupture on, and what they suggest. */
    public record RatingsAfter(List<Line> lines, String suggestion) {
        /** One session's rating: total and whether it is at concern level. */
        public record Line(int session, String instrumentCode, double total, boolean concern) {
        }
    }

    /**
     * The member's own ratings on instruments with a concern rule, in the sessions from the one the
     * rupture was noticed in, and a suggestion such as "above the cut-off again from session 9"
     * (the first session from which every later rating is clear of the concern rule). It never
     * sets the outcome. Empty for a subgroup or the whole group.
     */
    @Transactional(readOnly = true)
    public RatingsAfter ratingsAfter(RuptureId id) {
        Rupture r = get(id);
        if (r.member() == null) {
            return new RatingsAfter(List.of(), "");
        }
        List<RatingsAfter.Line> lines = new ArrayList<>();
        Map<String, InstrumentDefinition> defs = new LinkedHashMap<>();
        for (GroupSession s : sessions.findByGroup(r.groupId()).stream().filter(s -> s.number() >= r.noticedSession())
                .sorted(Comparator.comparingInt(GroupSession::number)).toList()) {
            for (Rating rating : ratings.forSession(s.id())) {
                if (rating.raterKind() != Rater.MEMBER || !r.member().equals(rating.raterMember())) {
                    continue;
                }
                InstrumentDefinition def = defs.computeIfAbsent(rating.instrumentCode() + " " + rating.instrumentVersion(),
                        k -> instruments.get(rating.instrumentCode(), rating.instrumentVersion()).definition());
                InstrumentDefinition.Concern c = def.concern();
                if (c.totalBelow() == null && c.itemBelow() == null) {
                    continue;
                }
                boolean concern = !AlertRules.concern(r.member(), "", new Score(s.number(), rating.total(), rating.responses(), rating.subscales()), null,
                        new RuleSettings(c.totalBelow(), c.itemBelow(), null, null, true, null, null, 1, 0, 0, 0, 0), List.of()).isEmpty();
                lines.add(new RatingsAfter.Line(s.number(), rating.instrumentCode(), rating.total(), concern));
            }
        }
        return new RatingsAfter(lines, suggestion(lines));
    }

    /** "above the cut-off again from session N" when the latest ratings are clear, "still at concern level at session N" otherwise. */
    static String suggestion(List<RatingsAfter.Line> lines) {
        if (lines.isEmpty()) {
            return "No own ratings since the rupture yet.";
        }
        int from = -1;
        for (int i = lines.size() - 1; i >= 0 && !lines.get(i).concern(); i--) {
            from = lines.get(i).session();
        }
        if (from < 0) {
            return "Still at concern level at session " + lines.get(lines.size() - 1).session() + ".";
        }
        return "Above the cut-off again from session " + from + " (suggests, does not set, the outcome).";
    }

    /** For the record form: the group's members (codes) to choose from. */
    @Transactional(readOnly = true)
    public List<Member> members(GroupId group) {
        leaders.requireLeader(group);
        return members.findByGroup(group);
    }

    @Transactional(readOnly = true)
    public List<Subgroup> subgroups(GroupId group) {
        leaders.requireLeader(group);
        return subgroups.findByGroup(group);
    }
}
