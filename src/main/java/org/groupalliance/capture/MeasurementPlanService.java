package org.groupalliance.capture;

import java.util.List;
import java.util.stream.Collectors;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.Validator;
import org.groupalliance.capture.internal.PlanRepository;
import org.groupalliance.measure.Instrument;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupAccess;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.Phase;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each group's measurement plan: which instruments, completed by whom, at which sessions, and which
 * outcome timepoints. Readable by the group's leaders, admins and assigned observers (through
 * {@link GroupService#get}); changed only by its leaders and admins ({@link GroupAccess#requireLeader}).
 */
@Service
@PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "')")
public class MeasurementPlanService {

    private final PlanRepository plans;
    private final GroupService groups;
    private final InstrumentService instruments;
    private final AuditLog audit;
    private final GroupAccess access;

    MeasurementPlanService(PlanRepository plans, GroupService groups, InstrumentService instruments, AuditLog audit, GroupAccess access) {
        this.access = access;
        this.plans = plans;
        this.groups = groups;
        this.instruments = instruments;
        this.audit = audit;
    }

    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "','" + Roles.OBSERVER + "')")
    @Transactional(readOnly = true)
    public List<PlanEntry> plan(GroupId groupId) {
        groups.get(groupId);
        return plans.findByGroup(groupId).stream().map(r -> new PlanEntry(r.id(), r.groupId(), r.version(), r.data(),
                instruments.current(r.data().instrumentCode()).map(i -> i.definition().name()).orElse(r.data().instrumentCode() + " (retired)")))
                .toList();
    }

    /** The plan entries due at a session: the instrument's schedule says so for this number and phase. */
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "','" + Roles.OBSERVER + "')")
    @Transactional(readOnly = true)
    public List<PlanEntry> dueAt(GroupId groupId, int sessionNumber) {
        Phase phase = groups.get(groupId).data().phases().phaseOf(sessionNumber);
        return plan(groupId).stream().filter(e -> e.data().schedule().isDue(sessionNumber, phase)).toList();
    }

    /**
     * The entries due at a session of a group the caller has read through {@link GroupService#get}
     * (so access is checked): one query, without the instrument names {@link #dueAt(GroupId, int)}
     * looks up (a session save, issue #13). Method security applies to this method too: the same
     * roles as the public {@code dueAt} (observers enter their own ratings through it).
     */
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "','" + Roles.OBSERVER + "')")
    List<PlanEntryData> dueAt(Group group, int sessionNumber) {
        Phase phase = group.data().phases().phaseOf(sessionNumber);
        return plans.findByGroup(group.id()).stream().map(PlanRepository.Row::data).filter(d -> d.schedule().isDue(sessionNumber, phase)).toList();
    }

    /** Adds an instrument to the plan, or changes its entry when {@code version} is given. */
    @Transactional
    public PlanEntry save(GroupId groupId, PlanEntryData data, Integer version) {
        access.requireLeader(groupId);
        Group group = groups.get(groupId);
        validate(group, data);
        var existing = plans.find(groupId, data.instrumentCode());
        if (version == null) {
            if (existing.isPresent()) {
                throw org.groupalliance.base.ValidationException.of("instrumentCode", data.instrumentCode() + " is already in this group's plan: edit that entry");
            }
            plans.insert(groupId, data);
        } else if (existing.isEmpty() || !plans.update(groupId, version, data)) {
            throw new ConcurrentEditException("The plan entry for " + data.instrumentCode());
        }
        PlanEntry saved = plan(groupId).stream().filter(e -> e.data().instrumentCode().equals(data.instrumentCode())).findFirst().orElseThrow();
        audit.record(version == null ? AuditAction.CREATE : AuditAction.UPDATE, "PlanEntry", groupId.value() + "/" + data.instrumentCode(),
                groupId.value(), (version == null ? "Added " : "Changed ") + data.instrumentCode() + " in the plan of " + group.name(),
                existing.map(PlanRepository.Row::data).orElse(null), saved.data());
        return saved;
    }

    @Transactional
    public void remove(GroupId groupId, String instrumentCode, int version) {
        access.requireLeader(groupId);
        Group group = groups.get(groupId);
        var existing = plans.find(groupId, instrumentCode).orElseThrow(() -> new NotFoundException("Plan entry " + instrumentCode));
        if (!plans.delete(groupId, instrumentCode, version)) {
            throw new ConcurrentEditException("The plan entry for " + instrumentCode);
        }
        audit.record(AuditAction.DELETE, "PlanEntry", groupId.value() + "/" + instrumentCode, groupId.value(),
                "Removed " + instrumentCode + " from the plan of " + group.name(), existing.data(), null);
    }

    private void validate(Group group, PlanEntryData d) {
        Validator v = new Validator().check(d.instrumentCode() != null && !d.instrumentCode().isBlank(), "instrumentCode", "Choose an instrument");
        Instrument instrument = d.instrumentCode() == null ? null : instruments.current(d.instrumentCode()).orElse(null);
        v.check(d.instrumentCode() == null || instrument != null, "instrumentCode", "Instrument " + d.instrumentCode() + " is not in the library or is retired");
        v.check(!d.raters().isEmpty(), "raters", "Choose who completes it");
        if (instrument != null) {
            InstrumentDefinition def = instrument.definition();
            v.check(def.raters().containsAll(d.raters()), "raters", def.code() + " can only be completed by "
                    + def.raters().stream().map(r -> r.name().toLowerCase()).sorted().collect(Collectors.joining(", ")));
            // a round-robin sheet (each member about each other member) is not built yet; refuse rather than store such ratings as self-ratings
            v.check(def.target() != InstrumentDefinition.Target.MEMBER_TO_MEMBER, "instrumentCode", def.code()
                    + " rates member to member (each member about each other member); such round-robin forms cannot be recorded yet");
            boolean outcome = def.construct() == InstrumentDefinition.Construct.OUTCOME;
            v.check(outcome || (!d.atBaseline() && !d.atPost() && d.followUpWeeks().isEmpty()), "timepoints",
                    "Baseline, post and follow-up timepoints are for outcome instruments");
            v.check(d.schedule().kind() != Schedule.Kind.NONE || (outcome && (d.atBaseline() || d.atPost() || !d.followUpWeeks().isEmpty())), "schedule",
                    "With no sessions scheduled, choose at least one outcome timepoint");
        }
        int planned = group.data().plannedSessions();
        Schedule s = d.schedule();
        v.check(s != null && s.kind() != null, "schedule", "Choose when it is completed");
        if (s != null && s.kind() == Schedule.Kind.EVERY_KTH) {
            v.check(s.everyK() != null && s.everyK() >= 2 && s.everyK() <= planned, "everyK", "Every k-th session: k between 2 and the planned " + planned);
        }
        if (s != null && s.kind() == Schedule.Kind.SESSIONS) {
            v.check(!s.sessions().isEmpty(), "sessions", "List at least one session number");
            v.check(s.sessions().stream().allMatch(n -> n >= 1 && n <= planned), "sessions", "Session numbers must be between 1 and the planned " + planned);
        }
        if (s != null && s.kind() == Schedule.Kind.PHASES) {
            v.check(!s.phases().isEmpty(), "phases", "Choose at least one phase");
        }
        v.check(d.followUpWeeks().stream().allMatch(w -> w >= 1 && w <= 520), "followUpWeeks", "Follow-ups are 1 to 520 weeks after the last session");
        v.throwIfInvalid();
    }
}
