package org.groupalliance.roster;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.SessionId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.UserId;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.Validator;
import org.groupalliance.roster.internal.GroupRepository;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Role;
import org.groupalliance.security.Roles;
import org.groupalliance.security.SiteService;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Therapy groups: set-up, leaders, planned sessions and phase boundaries. */
@Service
@PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "')")
public class GroupService {

    static final String ENTITY = "Group";

    private final GroupRepository groups;
    private final GroupAccess access;
    private final CurrentUser currentUser;
    private final SiteService sites;
    private final AuditLog audit;
    private final org.groupalliance.roster.internal.SessionRepository sessions;
    private final java.time.Clock clock;

    GroupService(GroupRepository groups, GroupAccess access, CurrentUser currentUser, SiteService sites, AuditLog audit,
                 org.groupalliance.roster.internal.SessionRepository sessions, java.time.Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
        this.groups = groups;
        this.access = access;
        this.currentUser = currentUser;
        this.sites = sites;
        this.audit = audit;
    }

    /** Groups the current user leads; admins see all. */
    @Transactional(readOnly = true)
    public List<GroupSummary> findMyGroups() {
        AppUserPrincipal me = currentUser.require();
        return groups.findSummaries(me.role() == Role.ADMIN ? Optional.empty() : Optional.of(currentUser.requireUserId()));
    }

    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "','" + Roles.OBSERVER + "')")
    @Transactional(readOnly = true)
    public Group get(GroupId id) {
        access.requireRead(id);
        return groups.findById(id).orElseThrow(() -> new NotFoundException("Group " + id));
    }

    /** Groups the signed-in observer is assigned to. */
    @PreAuthorize("hasRole('" + Roles.OBSERVER + "')")
    @Transactional(readOnly = true)
    public List<GroupSummary> findObservedGroups() {
        return groups.findObservedSummaries(currentUser.requireUserId());
    }

    /** Observer accounts assigned to the group. */
    @Transactional(readOnly = true)
    public List<Leader> observers(GroupId id) {
        access.require(id);
        return groups.observers(id);
    }

    /** Assigns an observer account to the group: it may then rate the group's sessions the plan asks observers to rate. */
    @Transactional
    public void assignObserver(GroupId id, UserId observer) {
        access.require(id);
        Group group = groups.findById(id).orElseThrow();
        if (observer == null || !groups.isEnabledObserver(observer)) {
            throw ValidationException.of("observer", "Choose an active observer account");
        }
        if (groups.assignObserver(id, observer)) {
            audit.record(AuditAction.CREATE, "GroupObserver", id.value() + "/" + observer.value(), id.value(),
                    "Assigned observer #" + observer.value() + " to " + group.name(), null, java.util.Map.of("observer", observer.value()));
        }
    }

    @Transactional
    public void unassignObserver(GroupId id, UserId observer) {
        access.require(id);
        Group group = groups.findById(id).orElseThrow();
        if (groups.unassignObserver(id, observer)) {
            audit.record(AuditAction.DELETE, "GroupObserver", id.value() + "/" + observer.value(), id.value(),
                    "Removed observer #" + observer.value() + " from " + group.name(), java.util.Map.of("observer", observer.value()), null);
        }
    }

    /** A fresh form for the current user: their site, themself as leader, 12 sessions in thirds. */
    @Transactional(readOnly = true)
    public GroupData template() {
        AppUserPrincipal me = currentUser.require();
        Set<UserId> leaders = me.role() == Role.FACILITATOR ? me.userId().map(Set::of).orElse(Set.of()) : Set.of();
        var site = me.siteId().or(() -> sites.findAll().stream().findFirst().map(s -> s.id())).orElse(null);
        return new GroupData(site, "", Modality.CBT, GroupFormat.CLOSED, 12, LocalDate.now(clock), PhaseBoundaries.thirds(12), leaders);
    }

    @Transactional
    public Group create(GroupData data) {
        GroupData d = normalise(data);
        AppUserPrincipal me = currentUser.require();
        Validator v = validate(d, Optional.empty());
        if (me.role() == Role.FACILITATOR) {
            v.check(me.userId().map(d.leaderIds()::contains).orElse(false), "leaderIds",
                    "You must be one of the leaders of a group you create");
        }
        v.throwIfInvalid();
        GroupId id = groups.insert(d);
        Group created = groups.findById(id).orElseThrow();
        audit.record(AuditAction.CREATE, ENTITY, id, id.value(), "Created group " + d.name(), null, created);
        return created;
    }

    /** A past session whose stored phase differs from the phase the given boundaries would give it. */
    public record PhaseChange(SessionId session, int sessionNumber, Phase from, Phase to) {
    }

    /**
     * Which existing sessions would change phase under {@code proposed} boundaries, for the leader to
     * confirm before {@link #reassignPhases} re-assigns them. Empty when none would.
     */
    @Transactional(readOnly = true)
    public List<PhaseChange> phaseChanges(GroupId id, PhaseBoundaries proposed) {
        access.require(id);
        List<PhaseChange> changes = new java.util.ArrayList<>();
        for (var s : sessions.findByGroup(id)) {
            Phase to = proposed.phaseOf(s.data().sessionNumber());
            if (to != s.phase()) {
                changes.add(new PhaseChange(s.id(), s.data().sessionNumber(), s.phase(), to));
            }
        }
        return changes;
    }

    /**
     * Re-assigns the phase of every existing session whose stored phase differs from the group's
     * current boundaries (the list {@link #phaseChanges} showed the leader, who confirmed it); audited
     * with each session's phase before and after.
     *
     * @return the sessions re-assigned
     */
    @Transactional
    public List<PhaseChange> reassignPhases(GroupId id) {
        access.requireLeader(id);
        Group group = get(id);
        List<PhaseChange> changes = phaseChanges(id, group.data().phases());
        if (!changes.isEmpty()) {
            changes.forEach(c -> sessions.updatePhase(c.session(), c.to()));
            java.util.Map<String, String> was = new java.util.TreeMap<>();
            java.util.Map<String, String> now = new java.util.TreeMap<>();
            changes.forEach(c -> {
                was.put("session " + c.sessionNumber(), c.from().name());
                now.put("session " + c.sessionNumber(), c.to().name());
            });
            audit.record(AuditAction.UPDATE, "SessionPhase", id, id.value(), "Re-assigned the phase of " + changes.size() + " session(s) of "
                    + group.name() + " to the boundaries " + group.data().phases(), was, now);
        }
        return changes;
    }

    /**
     * Updates the group. New phase boundaries apply to sessions created from now on; existing
     * sessions keep the phase they were given until the leader confirms {@link #reassignPhases}.
     */
    @Transactional
    public Group update(GroupId id, int version, GroupData data) {
        access.requireLeader(id);
        Group before = get(id);
        GroupData d = normalise(data);
        Validator v = validate(d, Optional.of(id));
        AppUserPrincipal me = currentUser.require();
        if (me.role() == Role.FACILITATOR) {
            v.check(me.userId().map(d.leaderIds()::contains).orElse(false), "leaderIds",
                    "You cannot remove yourself as leader; ask a co-leader or an admin");
        }
        v.throwIfInvalid();
        if (!groups.update(id, version, d)) {
            throw new ConcurrentEditException("Group '" + before.name() + "'");
        }
        Group after = groups.findById(id).orElseThrow();
        audit.record(AuditAction.UPDATE, ENTITY, id, id.value(), "Updated group " + d.name(), before, after);
        return after;
    }

    private GroupData normalise(GroupData d) {
        return new GroupData(d.siteId(), d.name() == null ? "" : d.name().trim(), d.modality(), d.format(), d.plannedSessions(),
                d.startDate(), d.phases(), d.leaderIds() == null ? Set.of() : new HashSet<>(d.leaderIds()));
    }

    private Validator validate(GroupData d, Optional<GroupId> existing) {
        AppUserPrincipal me = currentUser.require();
        Validator v = new Validator()
                .check(d.siteId() != null && sites.findById(d.siteId()).isPresent(), "siteId", "Choose the site the group belongs to")
                .check(!d.name().isEmpty() && d.name().length() <= 120, "name", "Group name is required (at most 120 characters)")
                .check(d.modality() != null, "modality", "Choose a modality")
                .check(d.format() != null, "format", "Choose closed or open/rolling")
                .check(d.plannedSessions() >= 3 && d.plannedSessions() <= 500, "plannedSessions",
                        "Planned sessions must be between 3 and 500 (three phases need at least one session each)")
                .check(d.startDate() != null, "startDate", "Start date is required")
                .check(d.phases() != null, "earlyTo", "Phase boundaries are required")
                .check(!d.leaderIds().isEmpty(), "leaderIds", "A group needs at least one leader");
        if (me.role() == Role.FACILITATOR && me.siteId().isPresent() && d.siteId() != null) {
            v.check(me.siteId().get().equals(d.siteId()), "siteId", "You can only run groups at your own site");
        }
        if (d.phases() != null && !v.hasError("plannedSessions")) {
            d.phases().validate(d.plannedSessions(), v);
        }
        if (!d.leaderIds().isEmpty()) {
            Set<UserId> valid = groups.enabledFacilitators(d.leaderIds());
            v.check(valid.size() == d.leaderIds().size(), "leaderIds", "Leaders must be active facilitator accounts");
        }
        if (existing.isPresent() && !v.hasError("plannedSessions")) {
            int highestSession = groups.highestSessionNumber(existing.get());
            v.check(d.plannedSessions() >= highestSession, "plannedSessions",
                    "Session " + highestSession + " has already been recorded: planned sessions cannot be fewer");
            int highestMember = groups.highestMemberSession(existing.get());
            v.check(d.plannedSessions() >= highestMember, "plannedSessions",
                    "A member joins or leaves at session " + highestMember + ": planned sessions cannot be fewer");
        }
        return v;
    }
}
