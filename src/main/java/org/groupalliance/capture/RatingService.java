package org.groupalliance.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.base.UserId;
import org.groupalliance.base.ValidationException;
import org.groupalliance.capture.internal.RatingRepository;
import org.groupalliance.measure.Instrument;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.roster.AttendanceRow;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupAccess;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.Subgroup;
import org.groupalliance.roster.SubgroupService;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ratings of a session. A save is all or nothing: every form is checked (planned for this rater
 * at this session, the member expected by {@link AttendanceRow#expected()} whether rating or rated,
 * each response in range) before anything is stored; a
 * rating changed by someone else since it was loaded is not overwritten; every change is audited
 * with before and after. Scores are computed by the instrument's current version, which is stored
 * with the rating.
 */
@Service
@PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "')")
public class RatingService {

    private final RatingRepository ratings;
    private final RatingWriter writer;
    private final SessionService sessions;
    private final GroupService groups;
    private final SubgroupService subgroups;
    private final MeasurementPlanService plans;
    private final InstrumentService instruments;
    private final CurrentUser currentUser;
    private final GroupAccess access;

    RatingService(RatingRepository ratings, RatingWriter writer, SessionService sessions, GroupService groups, SubgroupService subgroups, MeasurementPlanService plans,
                  InstrumentService instruments, CurrentUser currentUser, GroupAccess access) {
        this.access = access;
        this.writer = writer;
        this.ratings = ratings;
        this.sessions = sessions;
        this.groups = groups;
        this.subgroups = subgroups;
        this.plans = plans;
        this.instruments = instruments;
        this.currentUser = currentUser;
    }

    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "','" + Roles.OBSERVER + "')")
    @Transactional(readOnly = true)
    public List<Rating> forSession(SessionId sessionId) {
        GroupSession session = sessions.get(sessionId);
        List<Rating> all = ratings.findBySession(sessionId);
        if (access.isObserver(session.groupId())) {
            // observers rate blind: they see only their own ratings, never the members' or the leaders'
            UserId me = currentUser.requireUserId();
            return all.stream().filter(r -> r.raterKind() == Rater.OBSERVER && me.equals(r.raterUser())).toList();
        }
        return all;
    }

    /** Enters forms the members completed about themselves (their alliance, cohesion or outcome). */
    @Transactional
    public List<Rating> recordMemberForms(SessionId sessionId, String instrumentCode, List<MemberForm> forms) {
        GroupSession session = sessions.get(sessionId);
        access.requireLeader(session.groupId());
        InstrumentDefinition def = planned(session, instrumentCode, Rater.MEMBER);
        Map<MemberId, AttendanceRow> attendance = sessions.attendance(sessionId).stream()
                .collect(Collectors.toMap(r -> r.member().id(), r -> r, (a, b) -> a, LinkedHashMap::new));
        // the group's subgroups once for the whole sheet, not once a member (only instruments with subgroup items need them)
        List<Subgroup> groupSubgroups = def.subgroupItems().isEmpty() ? List.of() : subgroups.findByGroup(session.groupId());
        Map<String, String> errors = new LinkedHashMap<>();
        List<RatingWriter.Pending> pending = new ArrayList<>();
        for (MemberForm f : forms) {
            AttendanceRow row = attendance.get(f.member());
            if (row == null) {
                errors.putIfAbsent("member", "Member #" + f.member().value() + " is not in the group at session " + session.number());
                continue;
            }
            String code = row.member().code();
            if (!row.expected()) {
                errors.putIfAbsent(code, row.notExpectedReason(session.number()));
                continue;
            }
            try {
                Set<Integer> notApplicable = ApplicableItems.notApplicable(def, session.number(), f.member(), groupSubgroups);
                InstrumentDefinition.Scores scores = def.score(f.responses(), notApplicable);
                pending.add(new RatingWriter.Pending(keyOf(sessionId, def.code(), "M" + f.member().value(), RatingTarget.member(f.member())),
                        new Rating(0, sessionId, def.code(), def.version(), Rater.MEMBER, f.member(), null, RatingTarget.member(f.member()),
                                box(f.responses()), notApplicable, scores.total(), scores.subscales(), scores.missingItems(), Rating.Source.PAPER,
                                currentUser.actorName(), 0),
                        f.version(), code));
            } catch (ValidationException e) {
                e.fieldErrors().forEach((field, message) -> errors.putIfAbsent(code + "." + field, code + ": " + message));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return writer.store(session, pending, currentUser.actorName());
    }

    /** The leader's own rating of a member, a subgroup or the whole group. */
    @Transactional
    public Rating recordLeaderRating(SessionId sessionId, String instrumentCode, RatingTarget target, double[] responses, Integer version) {
        return recordLeaderRatings(sessionId, instrumentCode, List.of(new LeaderForm(target, responses, version))).get(0);
    }

    /** The leader's ratings of several targets, all or nothing. */
    @Transactional
    public List<Rating> recordLeaderRatings(SessionId sessionId, String instrumentCode, List<LeaderForm> forms) {
        GroupSession session = sessions.get(sessionId);
        access.requireLeader(session.groupId());
        Group group = groups.get(session.groupId());
        UserId me = currentUser.requireUserId();
        if (group.leaders().stream().noneMatch(l -> l.userId().equals(me))) {
            throw ValidationException.of("rater", "Only the group's leaders enter leader ratings");
        }
        return recordRatingsOfTargets(session, group, Rater.LEADER, me, instrumentCode, forms);
    }

    /** An assigned observer's ratings of members, subgroups or the whole group at a session, all or nothing. */
    @PreAuthorize("hasRole('" + Roles.OBSERVER + "')")
    @Transactional
    public List<Rating> recordObserverRatings(SessionId sessionId, String instrumentCode, List<LeaderForm> forms) {
        GroupSession session = sessions.get(sessionId);
        if (!access.isObserver(session.groupId())) {
            throw ValidationException.of("rater", "Only observers assigned to this group enter observer ratings");
        }
        return recordRatingsOfTargets(session, groups.get(session.groupId()), Rater.OBSERVER, currentUser.requireUserId(), instrumentCode, forms);
    }

    /**
     * Ratings of members, subgroups or the whole group that {@code rater}, one of the group's leaders
     * or an observer assigned to it, filled in on paper, entered by one of the group's own leaders
     * (the import, docs/decisions/0027-import-round-trip.md): stored as {@code rater}'s rating with
     * source PAPER and the signed-in leader as the one who entered it; the checks, scoring, audit
     * (before/after) and {@link RatingsStored} event are those of the session page. Admins do not
     * enter other people's ratings.
     */
    @PreAuthorize("hasRole('" + Roles.FACILITATOR + "')")
    @Transactional
    public List<Rating> recordPaperRatings(SessionId sessionId, String instrumentCode, UserId rater, List<LeaderForm> forms) {
        GroupSession session = sessions.get(sessionId);
        access.requireLeader(session.groupId());
        Group group = groups.get(session.groupId());
        UserId me = currentUser.requireUserId();
        if (group.leaders().stream().noneMatch(l -> l.userId().equals(me))) {
            throw ValidationException.of("rater", "Only the group's leaders enter ratings from paper");
        }
        Rater kind;
        if (group.leaders().stream().anyMatch(l -> l.userId().equals(rater))) {
            kind = Rater.LEADER;
        } else if (groups.observers(group.id()).stream().anyMatch(o -> o.userId().equals(rater))) {
            kind = Rater.OBSERVER;
        } else {
            throw ValidationException.of("rater", "The rater is neither a leader of " + group.name() + " nor an observer assigned to it");
        }
        return recordRatingsOfTargets(session, group, kind, rater, Rating.Source.PAPER, instrumentCode, forms);
    }

    private List<Rating> recordRatingsOfTargets(GroupSession session, Group group, Rater rater, UserId me, String instrumentCode, List<LeaderForm> forms) {
        return recordRatingsOfTargets(session, group, rater, me, rater == Rater.OBSERVER ? Rating.Source.OBSERVER : Rating.Source.LEADER, instrumentCode,
                forms);
    }

    private List<Rating> recordRatingsOfTargets(GroupSession session, Group group, Rater rater, UserId me, Rating.Source source, String instrumentCode,
                                                List<LeaderForm> forms) {
        SessionId sessionId = session.id();
        InstrumentDefinition def = planned(session, instrumentCode, rater);
        Map<MemberId, AttendanceRow> attendance = sessions.attendance(sessionId).stream()
                .collect(Collectors.toMap(r -> r.member().id(), r -> r, (a, b) -> a));
        List<Subgroup> groupSubgroups = subgroups.findByGroup(group.id());
        Map<org.groupalliance.base.SubgroupId, String> subgroupNames = groupSubgroups.stream()
                .collect(Collectors.toMap(Subgroup::id, Subgroup::name));
        Map<String, String> errors = new LinkedHashMap<>();
        List<RatingWriter.Pending> pending = new ArrayList<>();
        for (LeaderForm f : forms) {
            RatingTarget target = f.target();
            String label = switch (target.kind()) {
                case MEMBER -> attendance.containsKey(target.member()) ? attendance.get(target.member()).member().code() : null;
                case SUBGROUP -> subgroupNames.get(target.subgroup());
                case WHOLE_GROUP -> RatingTarget.WHOLE_GROUP_LABEL;
            };
            if (label == null) {
                errors.putIfAbsent("target", "A rated member or subgroup is not part of this group at session " + session.number());
                continue;
            }
            if (target.kind() == RatingTarget.Kind.MEMBER && !attendance.get(target.member()).expected()) {
                errors.putIfAbsent(label, attendance.get(target.member()).notExpectedReason(session.number()));
                continue;
            }
            try {
                Set<Integer> notApplicable = target.kind() == RatingTarget.Kind.MEMBER ? ApplicableItems.notApplicable(def, session.number(), target.member(), groupSubgroups) : Set.of();
                InstrumentDefinition.Scores scores = def.score(f.responses(), notApplicable);
                pending.add(new RatingWriter.Pending(keyOf(sessionId, def.code(), "U" + me.value(), target),
                        new Rating(0, sessionId, def.code(), def.version(), rater, null, me, target, box(f.responses()), notApplicable, scores.total(),
                                scores.subscales(), scores.missingItems(), source,
                                currentUser.actorName(), 0), f.version(), label));
            } catch (ValidationException e) {
                e.fieldErrors().forEach((field, message) -> errors.putIfAbsent(label + "." + field, label + ": " + message));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return writer.store(session, pending, currentUser.actorName());
    }

    private InstrumentDefinition planned(GroupSession session, String instrumentCode, Rater rater) {
        boolean due = plans.dueAt(session.groupId(), session.number()).stream()
                .anyMatch(e -> e.data().instrumentCode().equals(instrumentCode) && e.data().raters().contains(rater));
        if (!due) {
            throw ValidationException.of("instrument", instrumentCode + " is not planned for " + rater.name().toLowerCase()
                    + "s at session " + session.number() + ": change the group's measurement plan first");
        }
        Instrument instrument = instruments.current(instrumentCode)
                .orElseThrow(() -> ValidationException.of("instrument", instrumentCode + " is retired"));
        return instrument.definition();
    }

    static String keyOf(SessionId session, String code, String rater, RatingTarget target) {
        return session.value() + "|" + code + "|" + rater + "|" + target.key();
    }

    private static List<Double> box(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
