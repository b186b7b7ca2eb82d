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
        SessionLookups at = new SessionLookups(sessions.get(sessionId));
        return writer.store(at.session, memberPending(at, instrumentCode, forms), currentUser.actorName());
    }

    /**
     * Every sheet of one session save by its leader or an admin, checked and then stored together
     * ({@link SessionRecordingService#record}): the session, the access check, the group, the plan,
     * the instruments, the attendance and the subgroups are read once for all sheets instead of once
     * a sheet (issue #13: 18 access checks and 12 instrument reads in a 3-instrument save), and the
     * ratings of all sheets are written in one set of multi-row statements. The same rules as
     * {@link #recordMemberForms} and {@link #recordLeaderRatings}, in the same order. Observer
     * sheets do not come here.
     *
     * @param session the session as read by {@link SessionService#get} (read access checked)
     * @throws SessionRecordingService.SheetRefused naming the first refused sheet; nothing is stored
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    List<Rating> recordSheets(GroupSession session, List<SessionRecordingService.Sheet> sheets) {
        // the class's role rule, checked here too: Spring's proxy applies it to this package-private method today, but that is
        // the proxy's choice, not a promise of the language
        if (!currentUser.get().map(p -> p.role() == org.groupalliance.security.Role.ADMIN || p.role() == org.groupalliance.security.Role.FACILITATOR)
                .orElse(false)) {
            throw new org.springframework.security.access.AccessDeniedException("Only leaders and admins enter sheets");
        }
        SessionLookups at = new SessionLookups(session);
        List<List<RatingWriter.Pending>> pending = new ArrayList<>();
        for (int i = 0; i < sheets.size(); i++) {
            try {
                pending.add(switch (sheets.get(i)) {
                    case SessionRecordingService.MemberSheet m -> memberPending(at, m.instrumentCode(), m.forms());
                    case SessionRecordingService.TargetSheet t when t.rater() == Rater.LEADER -> leaderPending(at, t.instrumentCode(), t.forms());
                    case SessionRecordingService.TargetSheet t -> throw new IllegalArgumentException("Observer sheets go through recordObserverRatings");
                });
            } catch (ValidationException e) {
                throw new SessionRecordingService.SheetRefused(i, e);
            }
        }
        return writer.storeSheets(session, pending, currentUser.actorName());
    }

    /**
     * What the sheets of one session share, each read at most once and only when a sheet needs it.
     * Every read goes through the roster's services, so their access rules apply as before.
     */
    private final class SessionLookups {
        final GroupSession session;
        private boolean leaderChecked;
        private Group group;
        private List<PlanEntryData> due;
        private final Map<String, java.util.Optional<Instrument>> instrumentsByCode = new java.util.HashMap<>();
        private Map<MemberId, AttendanceRow> attendance;
        private List<Subgroup> subgroups;

        SessionLookups(GroupSession session) {
            this.session = session;
        }

        void requireLeader() {
            if (!leaderChecked) {
                access.requireLeader(session.groupId());
                leaderChecked = true;
            }
        }

        /**
         * The signed-in user, who must be one of the group's own leaders (an admin passes
         * {@link #requireLeader} but leads no group); otherwise {@code refusal} on the rater field.
         */
        UserId signedInLeader(String refusal) {
            requireLeader();
            UserId me = currentUser.requireUserId();
            if (group().leaders().stream().noneMatch(l -> l.userId().equals(me))) {
                throw ValidationException.of("rater", refusal);
            }
            return me;
        }

        Group group() {
            if (group == null) {
                group = groups.get(session.groupId());
            }
            return group;
        }

        /** The current definition of an instrument planned for this rater at this session, or a refusal saying why not. */
        InstrumentDefinition planned(String instrumentCode, Rater rater) {
            if (due == null) {
                due = plans.dueAt(group(), session.number());
            }
            if (due.stream().noneMatch(d -> d.instrumentCode().equals(instrumentCode) && d.raters().contains(rater))) {
                throw ValidationException.of("instrument", instrumentCode + " is not planned for " + rater.name().toLowerCase()
                        + "s at session " + session.number() + ": change the group's measurement plan first");
            }
            return instrumentsByCode.computeIfAbsent(instrumentCode, instruments::current)
                    .orElseThrow(() -> ValidationException.of("instrument", instrumentCode + " is retired")).definition();
        }

        Map<MemberId, AttendanceRow> attendance() {
            if (attendance == null) {
                attendance = sessions.attendance(session.id()).stream()
                        .collect(Collectors.toMap(r -> r.member().id(), r -> r, (a, b) -> a, LinkedHashMap::new));
            }
            return attendance;
        }

        List<Subgroup> subgroups() {
            if (subgroups == null) {
                subgroups = RatingService.this.subgroups.findByGroup(session.groupId());
            }
            return subgroups;
        }
    }

    /** The members' own forms of one instrument, checked and scored, waiting to be stored. */
    private List<RatingWriter.Pending> memberPending(SessionLookups at, String instrumentCode, List<MemberForm> forms) {
        GroupSession session = at.session;
        SessionId sessionId = session.id();
        at.requireLeader();
        InstrumentDefinition def = at.planned(instrumentCode, Rater.MEMBER);
        Map<MemberId, AttendanceRow> attendance = at.attendance();
        // the group's subgroups once for the whole save, not once a member (only instruments with subgroup items need them)
        List<Subgroup> groupSubgroups = def.subgroupItems().isEmpty() ? List.of() : at.subgroups();
        String actor = currentUser.actorName();
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
                                actor, 0),
                        f.version(), code));
            } catch (ValidationException e) {
                e.fieldErrors().forEach((field, message) -> errors.putIfAbsent(code + "." + field, code + ": " + message));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return pending;
    }

    /** The leader's own rating of a member, a subgroup or the whole group. */
    @Transactional
    public Rating recordLeaderRating(SessionId sessionId, String instrumentCode, RatingTarget target, double[] responses, Integer version) {
        return recordLeaderRatings(sessionId, instrumentCode, List.of(new LeaderForm(target, responses, version))).get(0);
    }

    /** The leader's ratings of several targets, all or nothing. */
    @Transactional
    public List<Rating> recordLeaderRatings(SessionId sessionId, String instrumentCode, List<LeaderForm> forms) {
        SessionLookups at = new SessionLookups(sessions.get(sessionId));
        return writer.store(at.session, leaderPending(at, instrumentCode, forms), currentUser.actorName());
    }

    private List<RatingWriter.Pending> leaderPending(SessionLookups at, String instrumentCode, List<LeaderForm> forms) {
        UserId me = at.signedInLeader("Only the group's leaders enter leader ratings");
        return targetPending(at, Rater.LEADER, me, instrumentCode, forms);
    }

    /** An assigned observer's ratings of members, subgroups or the whole group at a session, all or nothing. */
    @PreAuthorize("hasRole('" + Roles.OBSERVER + "')")
    @Transactional
    public List<Rating> recordObserverRatings(SessionId sessionId, String instrumentCode, List<LeaderForm> forms) {
        SessionLookups at = new SessionLookups(sessions.get(sessionId));
        if (!access.isObserver(at.session.groupId())) {
            throw ValidationException.of("rater", "Only observers assigned to this group enter observer ratings");
        }
        at.group();
        return writer.store(at.session, targetPending(at, Rater.OBSERVER, currentUser.requireUserId(), instrumentCode, forms), currentUser.actorName());
    }

    /**
     * Ratings of members, subgroups or the whole group that {@code rater}, an observer assigned to
     * the group, filled in on paper, entered by one of the group's own leaders (the import,
     * docs/decisions/0027-import-round-trip.md): stored as the observer's rating with source PAPER and
     * the signed-in leader as the one who entered it; the checks, scoring, audit (before/after) and
     * {@link RatingsStored} event are those of the session page. Only new ratings: a form naming a
     * stored version is refused, so a leader never replaces an observer's own (blind) rating. A
     * co-leader's ratings are not entered for them (they enter their own, decision 0021). Admins do
     * not enter other people's ratings.
     */
    @PreAuthorize("hasRole('" + Roles.FACILITATOR + "')")
    @Transactional
    public List<Rating> recordPaperRatings(SessionId sessionId, String instrumentCode, UserId rater, List<LeaderForm> forms) {
        SessionLookups at = new SessionLookups(sessions.get(sessionId));
        at.signedInLeader("Only the group's leaders enter ratings from paper");
        Group group = at.group();
        if (groups.observers(group.id()).stream().noneMatch(o -> o.userId().equals(rater))) {
            throw ValidationException.of("rater", "Paper forms are entered for observers assigned to " + group.name()
                    + " only (leaders enter their own ratings)");
        }
        if (forms.stream().anyMatch(f -> f.version() != null)) {
            throw ValidationException.of("version", "A paper form is entered once: it never replaces a stored rating");
        }
        return writer.store(at.session, targetPending(at, Rater.OBSERVER, rater, Rating.Source.PAPER, instrumentCode, forms), currentUser.actorName());
    }

    /** A leader's or observer's forms about targets (members, subgroups, the whole group) of one instrument, checked and scored. */
    private List<RatingWriter.Pending> targetPending(SessionLookups at, Rater rater, UserId me, String instrumentCode, List<LeaderForm> forms) {
        return targetPending(at, rater, me, rater == Rater.OBSERVER ? Rating.Source.OBSERVER : Rating.Source.LEADER, instrumentCode, forms);
    }

    private List<RatingWriter.Pending> targetPending(SessionLookups at, Rater rater, UserId me, Rating.Source source, String instrumentCode,
                                                     List<LeaderForm> forms) {
        GroupSession session = at.session;
        SessionId sessionId = session.id();
        InstrumentDefinition def = at.planned(instrumentCode, rater);
        Map<MemberId, AttendanceRow> attendance = at.attendance();
        List<Subgroup> groupSubgroups = at.subgroups();
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
        return pending;
    }

    static String keyOf(SessionId session, String code, String rater, RatingTarget target) {
        return session.value() + "|" + code + "|" + rater + "|" + target.key();
    }

    private static List<Double> box(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
