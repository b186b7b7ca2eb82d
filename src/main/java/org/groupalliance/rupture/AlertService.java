package org.groupalliance.rupture;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.Validator;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntry;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSummary;
import org.groupalliance.rupture.internal.AlertRepository;
import org.groupalliance.rupture.internal.SettingRepository;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A leader's alerts: the Needs attention list across their groups (newest first), a group's alerts,
 * dismissal with a reason (audited), the group's own rule parameters and the leader's alert e-mail
 * address. Only the group's leaders see alerts (see {@link LeaderCheck}).
 */
@Service
@PreAuthorize("hasRole('" + Roles.FACILITATOR + "')")
public class AlertService {

    static final int LIMIT = 200;

    private final AlertRepository alerts;
    private final SettingRepository settings;
    private final MeasurementPlanService plans;
    private final InstrumentService instruments;
    private final GroupService groups;
    private final LeaderCheck leaders;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final java.time.Clock clock;

    AlertService(AlertRepository alerts, SettingRepository settings, MeasurementPlanService plans, InstrumentService instruments, GroupService groups, LeaderCheck leaders, AuditLog audit, CurrentUser currentUser, java.time.Clock clock) {
        this.alerts = alerts;
        this.settings = settings;
        this.plans = plans;
        this.instruments = instruments;
        this.groups = groups;
        this.leaders = leaders;
        this.audit = audit;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    /** Active alerts of every group the current user leads, newest first, with the group's name. */
    @Transactional(readOnly = true)
    public List<Alert> needsAttention() {
        Map<GroupId, String> mine = groups.findMyGroups().stream().filter(g -> isLeader(g.id()))
                .collect(Collectors.toMap(GroupSummary::id, GroupSummary::name));
        return alerts.findByGroups(mine.keySet(), true, LIMIT).stream().map(a -> a.withGroupName(mine.get(a.groupId()))).toList();
    }

    /** Every alert of one group (any status), newest first. */
    @Transactional(readOnly = true)
    public List<Alert> forGroup(GroupId group) {
        leaders.requireLeader(group);
        String name = groups.get(group).name();
        return alerts.findByGroups(List.of(group), false, 10_000).stream().map(a -> a.withGroupName(name)).toList();
    }

    /**
     * The group's open alerts (not dismissed, withdrawn or taken into a rupture record), newest
     * first, with the group's name: for the insight and member pages and the PDF group report.
     * Only the group's leaders (others get "not found").
     */
    @Transactional(readOnly = true)
    public List<Alert> openForGroup(GroupId group) {
        leaders.requireLeader(group);
        String name = groups.get(group).name();
        return alerts.findByGroups(List.of(group), true, 10_000).stream().map(a -> a.withGroupName(name)).toList();
    }

    /** The open alerts about one member of the group (member-level rules), newest first; only the group's leaders. */
    @Transactional(readOnly = true)
    public List<Alert> openForMember(GroupId group, org.groupalliance.base.MemberId member) {
        return openForGroup(group).stream().filter(a -> member.equals(a.member())).toList();
    }

    @Transactional(readOnly = true)
    public Alert get(AlertId id) {
        Alert a = alerts.find(id).orElseThrow(() -> new NotFoundException("Alert"));
        leaders.requireLeader(a.groupId());
        return a.withGroupName(groups.get(a.groupId()).name());
    }

    /** Dismisses an active alert with a reason (required); audited with before and after. */
    @Transactional
    public Alert dismiss(AlertId id, int version, String reason) {
        Alert before = get(id);
        if (reason == null || reason.isBlank()) {
            throw ValidationException.of("reason", "Reason: say why the alert needs no action (e.g. discussed in the session)");
        }
        if (reason.strip().length() > 500) {
            throw ValidationException.of("reason", "Reason: at most 500 characters");
        }
        if (before.status() != Alert.Status.ACTIVE) {
            throw ValidationException.of("alert", "This alert is already " + before.status().name().toLowerCase().replace('_', ' '));
        }
        if (!alerts.dismiss(id, version, currentUser.actorName(), reason.strip(), org.groupalliance.base.Times.nowUtc(clock))) {
            throw new ConcurrentEditException("The alert");
        }
        Alert after = get(id);
        audit.record(AuditAction.UPDATE, "RuptureAlert", id.value(), after.groupId().value(), "Alert dismissed: " + after.rule().label()
                + " at session " + after.sessionNumber(), snapshot(before), snapshot(after));
        return after;
    }

    /**
     * One member-rated instrument of the group's plan with its alert parameters: the instrument's
     * defaults (drop: {@code concern.dropOf}; group-mean fall: the reliable-change criterion, else
     * the drop) and the group's own values (null: the default applies). {@code maxChange} is the
     * range of the total (highest minus lowest possible), the largest drop or fall that can happen.
     */
    public record RuleSetting(String instrumentCode, String instrumentName, Double defaultDropOf, Double defaultGroupFallOf, Double dropOf,
                              Double groupFallOf, double maxChange) {

        /** What applies: the group's own value, else the default. */
        public Double effectiveDropOf() {
            return dropOf != null ? dropOf : defaultDropOf;
        }

        public Double effectiveGroupFallOf() {
            return groupFallOf != null ? groupFallOf : defaultGroupFallOf;
        }
    }

    /** The group's member-rated instruments (from its measurement plan) with their alert parameters; only for the group's leaders. */
    @Transactional(readOnly = true)
    public List<RuleSetting> ruleSettings(GroupId group) {
        leaders.requireLeader(group);
        List<RuleSetting> out = new java.util.ArrayList<>();
        for (PlanEntry e : plans.plan(group)) {
            if (!e.data().raters().contains(InstrumentDefinition.Rater.MEMBER)) {
                continue;
            }
            instruments.current(e.data().instrumentCode()).ifPresent(i -> out.add(ruleSetting(group, i.definition())));
        }
        return out;
    }

    private RuleSetting ruleSetting(GroupId group, InstrumentDefinition def) {
        RuleSettings defaults = RuptureEvaluation.settingsFor(null, def);
        var own = settings.find(group, def.code());
        double[] range = RuptureEvaluation.totalRange(def);
        return new RuleSetting(def.code(), def.name(), defaults.dropOf(), defaults.groupFallOf(), own.map(SettingRepository.GroupSetting::dropOf).orElse(null),
                own.map(SettingRepository.GroupSetting::groupFallOf).orElse(null), range[1] - range[0]);
    }

    /**
     * Sets the group's own drop (a member's total falling by at least this from their previous
     * rating) and group-mean fall for one of its member-rated instruments; null restores the
     * instrument's default. Each must be a positive number of points no larger than the range of
     * the instrument's total. Only the group's leaders; audited with before and after. The new
     * values apply from the next evaluation (the next save of a rating of the group).
     */
    @Transactional
    public RuleSetting saveSetting(GroupId group, String instrumentCode, Double dropOf, Double groupFallOf) {
        leaders.requireLeader(group);
        RuleSetting current = ruleSettings(group).stream().filter(r -> r.instrumentCode().equals(instrumentCode)).findFirst()
                .orElseThrow(() -> ValidationException.of("instrument", "Instrument: choose one of the member-rated instruments in this group's measurement plan"));
        String range = AlertRules.num(current.maxChange());
        new Validator()
                .check(points(dropOf, current.maxChange()), "dropOf",
                        "Drop: a positive number of points, at most " + range + " (the range of the total); empty for the default")
                .check(points(groupFallOf, current.maxChange()), "groupFallOf",
                        "Group mean fall: a positive number of points, at most " + range + " (the range of the total); empty for the default")
                .throwIfInvalid();
        var before = settings.find(group, instrumentCode).orElse(null);
        var after = new SettingRepository.GroupSetting(dropOf, groupFallOf);
        if (after.equals(before)) {
            return current;
        }
        settings.save(group, instrumentCode, after);
        audit.record(before == null ? AuditAction.CREATE : AuditAction.UPDATE, "RuptureSetting", instrumentCode, group.value(),
                "Alert rule parameters for " + instrumentCode, before, after);
        return ruleSettings(group).stream().filter(r -> r.instrumentCode().equals(instrumentCode)).findFirst().orElseThrow();
    }

    private static boolean points(Double v, double max) {
        return v == null || (Double.isFinite(v) && v > 0 && v <= max);
    }

    @Transactional(readOnly = true)
    public String mailAddress() {
        return settings.mailAddress(currentUser.requireUserId()).orElse("");
    }

    /** The current leader's address for "needs attention" e-mails; blank removes it. */
    @Transactional
    public void saveMailAddress(String email) {
        String e = email == null || email.isBlank() ? null : email.strip();
        if (e != null && (e.length() > 254 || !e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))) {
            throw ValidationException.of("email", "E-mail: an address like name@example.org");
        }
        String before = settings.mailAddress(currentUser.requireUserId()).orElse(null);
        settings.saveMailAddress(currentUser.requireUserId(), e);
        audit.record(AuditAction.UPDATE, "AlertMailAddress", currentUser.requireUserId().value(), null, "Alert e-mail address",
                before == null ? null : Map.of("email", before), e == null ? null : Map.of("email", e));
    }

    private boolean isLeader(GroupId g) {
        try {
            leaders.requireLeader(g);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    static Map<String, Object> snapshot(Alert a) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("rule", a.rule().name());
        m.put("subject", a.subject());
        m.put("session", a.sessionNumber());
        m.put("status", a.status().name());
        // the leader's free text about a member: for the group's leaders on the alert, not for the audit log's readers
        // (admins), as the rupture records' notes (Auditable.Redacted, decision 0012)
        m.put("dismissReason", a.dismissReason() == null ? null : "[redacted]");
        m.put("record", a.record() == null ? null : a.record().value());
        return m;
    }
}
