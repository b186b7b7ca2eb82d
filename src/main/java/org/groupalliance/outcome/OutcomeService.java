package org.groupalliance.outcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.groupalliance.analysis.ReliableChange;
import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.ValidationException;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntry;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.outcome.internal.OutcomeRepository;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupAccess;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberService;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Outcome forms at the plan's timepoints (baseline, post, follow-ups) and reliable change from
 * baseline to post. Saves are all or nothing and audited; a form changed by someone else since it
 * was loaded is not overwritten. Access is the group's (its leaders and admins), through
 * {@link GroupService#get}.
 */
@Service
@PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "')")
public class OutcomeService {

    private final OutcomeRepository outcomes;
    private final GroupService groups;
    private final MemberService members;
    private final MeasurementPlanService plans;
    private final InstrumentService instruments;
    private final CurrentUser currentUser;
    private final AuditLog audit;
    private final GroupAccess access;

    OutcomeService(OutcomeRepository outcomes, GroupService groups, MemberService members, MeasurementPlanService plans,
                   InstrumentService instruments, CurrentUser currentUser, AuditLog audit, GroupAccess access) {
        this.access = access;
        this.outcomes = outcomes;
        this.groups = groups;
        this.members = members;
        this.plans = plans;
        this.instruments = instruments;
        this.currentUser = currentUser;
        this.audit = audit;
    }

    /** The outcome instruments of the group's plan that have timepoints, with those timepoints in order. */
    @Transactional(readOnly = true)
    public List<PlannedOutcome> planned(GroupId groupId) {
        List<PlannedOutcome> result = new ArrayList<>();
        for (PlanEntry e : plans.plan(groupId)) {
            List<Timepoint> tps = new ArrayList<>();
            if (e.data().atBaseline()) {
                tps.add(Timepoint.baseline());
            }
            if (e.data().atPost()) {
                tps.add(Timepoint.post());
            }
            e.data().followUpWeeks().forEach(w -> tps.add(Timepoint.followUp(w)));
            if (!tps.isEmpty()) {
                instruments.current(e.data().instrumentCode()).ifPresent(i -> result.add(new PlannedOutcome(i.definition(), tps)));
            }
        }
        return result;
    }

    @Transactional(readOnly = true)
    public List<OutcomeRating> forGroup(GroupId groupId) {
        groups.get(groupId);
        return outcomes.findByGroup(groupId);
    }

    /**
     * Enters members' outcome forms at one timepoint. Every form is checked (instrument planned at
     * this timepoint, member in the group, each response in range) before anything is stored.
     */
    @Transactional
    public List<OutcomeRating> record(GroupId groupId, String instrumentCode, Timepoint timepoint, List<MemberForm> forms) {
        access.requireLeader(groupId);
        Group group = groups.get(groupId);
        InstrumentDefinition def = planned(groupId).stream().filter(p -> p.instrument().code().equals(instrumentCode)
                        && p.timepoints().contains(timepoint)).findFirst().map(PlannedOutcome::instrument)
                .orElseThrow(() -> ValidationException.of("timepoint", instrumentCode + " is not planned at " + timepoint.label().toLowerCase()
                        + " for this group: change the group's measurement plan first"));
        Map<MemberId, Member> roster = members.findByGroup(groupId).stream().collect(Collectors.toMap(Member::id, Function.identity()));
        Map<String, String> errors = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>();
        for (MemberForm f : forms) {
            Member m = roster.get(f.member());
            if (m == null) {
                errors.putIfAbsent("member", "Member #" + f.member().value() + " is not in this group");
                continue;
            }
            try {
                InstrumentDefinition.Scores scores = def.score(f.responses());
                pending.add(new Pending(new OutcomeRating(0, m.id(), def.code(), def.version(), timepoint,
                        java.util.Arrays.stream(f.responses()).boxed().toList(), scores.total(), scores.subscales(), scores.missingItems(),
                        currentUser.actorName(), 0), f.version()));
            } catch (ValidationException e) {
                e.fieldErrors().forEach((field, message) -> errors.putIfAbsent(m.code() + "." + field, m.code() + ": " + message));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        List<OutcomeRating> stored = new ArrayList<>();
        for (Pending pend : pending) {
            OutcomeRating p = pend.rating();
            Integer version = pend.version();
            String code = roster.get(p.member()).code();
            var existing = outcomes.find(p.member(), def.code(), timepoint);
            if (existing.isEmpty()) {
                if (version != null) {
                    throw new ConcurrentEditException("The " + def.code() + " form of " + code);
                }
                outcomes.insert(groupId, p);
            } else if (version == null || !outcomes.update(version, p)) {
                throw new ConcurrentEditException("The " + def.code() + " form of " + code + " at " + timepoint.label().toLowerCase());
            }
            OutcomeRating after = outcomes.find(p.member(), def.code(), timepoint).orElseThrow();
            audit.record(existing.isEmpty() ? AuditAction.CREATE : AuditAction.UPDATE, "OutcomeRating", after.id(), groupId.value(),
                    def.code() + " of " + code + " at " + timepoint.label().toLowerCase() + " in " + group.name(),
                    existing.map(OutcomeService::snapshot).orElse(null), snapshot(after));
            stored.add(after);
        }
        return stored;
    }

    /**
     * Change from baseline to post for each member of the group on an outcome instrument, classified
     * as recovered, improved, unchanged or deteriorated once post scores exist.
     */
    @Transactional(readOnly = true)
    public OutcomeChange change(GroupId groupId, String instrumentCode) {
        InstrumentDefinition def = planned(groupId).stream().map(PlannedOutcome::instrument).filter(d -> d.code().equals(instrumentCode)).findFirst()
                .orElseThrow(() -> ValidationException.of("instrument", instrumentCode + " has no outcome timepoints in this group's plan"));
        List<Member> roster = members.findByGroup(groupId);
        Map<MemberId, Double> baseline = new LinkedHashMap<>();
        Map<MemberId, Double> post = new LinkedHashMap<>();
        for (OutcomeRating r : outcomes.findByGroup(groupId)) {
            if (r.instrumentCode().equals(instrumentCode)) {
                if (r.timepoint().kind() == Timepoint.Kind.BASELINE) {
                    baseline.put(r.member(), r.total());
                } else if (r.timepoint().kind() == Timepoint.Kind.POST) {
                    post.put(r.member(), r.total());
                }
            }
        }
        String[] codes = roster.stream().map(Member::code).toArray(String[]::new);
        double[] pre = roster.stream().mapToDouble(m -> baseline.getOrDefault(m.id(), Double.NaN)).toArray();
        double[] after = roster.stream().mapToDouble(m -> post.getOrDefault(m.id(), Double.NaN)).toArray();
        boolean higherIsBetter = def.direction() == InstrumentDefinition.Direction.HIGHER_IS_BETTER;
        List<String> codeList = List.of(codes);
        if (def.reliableChange() == null) {
            return new OutcomeChange(def.code(), def.name(), null, def.cutoff(), higherIsBetter, codeList, null,
                    def.name() + " has no reliable-change value in its definition: an admin can add it (Instruments)");
        }
        boolean anyPair = false;
        for (int i = 0; i < pre.length; i++) {
            anyPair |= !Double.isNaN(pre[i]) && !Double.isNaN(after[i]);
        }
        ReliableChange.Result result = ReliableChange.classifyByCriterion(codes, pre, after, def.reliableChange(),
                def.cutoff() == null ? Double.NaN : def.cutoff(), higherIsBetter);
        return new OutcomeChange(def.code(), def.name(), def.reliableChange(), def.cutoff(), higherIsBetter, codeList, result,
                anyPair ? "" : "Reliable change is shown once a member has both a baseline and a post score.");
    }

    /** A checked form waiting to be stored, with the stored form's version when it replaces one. */
    private record Pending(OutcomeRating rating, Integer version) {
    }

    private static Map<String, Object> snapshot(OutcomeRating r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instrument", r.instrumentCode() + " v" + r.instrumentVersion());
        m.put("timepoint", r.timepoint().label());
        m.put("responses", r.responses().stream().map(v -> v.isNaN() ? null : v).toList());
        m.put("total", Double.isNaN(r.total()) ? null : r.total());
        return m;
    }
}
