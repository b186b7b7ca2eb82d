package org.groupalliance.rupture;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.groupalliance.base.GroupId;
import org.groupalliance.rupture.internal.AlertRepository;
import org.groupalliance.rupture.internal.RuptureRepository;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Role;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rupture records for the research export (issue 11, section 4: "structured fields only"): with
 * whom (as ids, for the export to pseudonymise), marker, sessions, state, outcome, which repair
 * steps were recorded and in which session, where the next step happens, and the rule of the alert
 * it was opened from. Never the step notes, the plan text, the member's code or display name, or
 * who created it. Researchers and admins get any group's rows; a facilitator only the groups they
 * lead (others are left out, as the export does for groups it may not show).
 */
@Service
public class RuptureExportService {

    /** One rupture record's structured fields. {@code memberId}/{@code subgroupId} are database ids: the export pseudonymises them. */
    public record Row(long recordId, long groupId, Rupture.With with, Long memberId, Long subgroupId, Rupture.Marker marker, int noticedSession,
                      AlertRule fromAlertRule, Integer fromAlertSession, Rupture.State state, Rupture.Outcome outcome, Integer closedSession,
                      Integer sessionsToResolution, Rupture.Where planWhere, List<Step> steps) {
        public Row {
            steps = List.copyOf(steps);
        }
    }

    /** One of the repair steps 1-8: recorded as done or not, and the session it happened in. No note. */
    public record Step(int step, boolean done, Integer session) {
    }

    private final RuptureRepository records;
    private final AlertRepository alerts;
    private final LeaderCheck leaders;
    private final CurrentUser currentUser;

    RuptureExportService(RuptureRepository records, AlertRepository alerts, LeaderCheck leaders, CurrentUser currentUser) {
        this.records = records;
        this.alerts = alerts;
        this.leaders = leaders;
        this.currentUser = currentUser;
    }

    /**
     * The rupture records of these groups, oldest first per group, structured fields only: an admin's any group, a
     * facilitator's the groups they lead, a researcher's the groups of their own site; other groups are left out.
     */
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "','" + Roles.RESEARCHER + "')")
    @Transactional(readOnly = true)
    public List<Row> structuredForExport(Collection<GroupId> groups) {
        var me = currentUser.require();
        // a researcher: the groups of their own site only (none without a site), as on the Export page (decision 0028)
        java.util.Set<GroupId> researchersSite = me.role() == Role.RESEARCHER
                ? new java.util.HashSet<>(me.siteId().map(records::groupsOfSite).orElse(List.of())) : java.util.Set.of();
        List<GroupId> allowed = groups.stream().distinct()
                .filter(g -> me.role() == Role.RESEARCHER ? researchersSite.contains(g) : mayExport(g)).toList();
        Map<Long, Alert> byId = alerts.findByGroups(allowed, false, Integer.MAX_VALUE).stream().collect(Collectors.toMap(a -> a.id().value(), a -> a));
        return records.findByGroups(allowed).stream()
                .sorted(java.util.Comparator.comparingLong((Rupture r) -> r.groupId().value()).thenComparingLong(r -> r.id().value()))
                .map(r -> {
                    Alert a = r.alert() == null ? null : byId.get(r.alert().value());
                    return new Row(r.id().value(), r.groupId().value(), r.with(), r.member() == null ? null : r.member().value(),
                            r.subgroup() == null ? null : r.subgroup().value(), r.marker(), r.noticedSession(), a == null ? null : a.rule(),
                            a == null ? null : a.sessionNumber(), r.state(), r.outcome(), r.closedSession(),
                            r.closedSession() == null ? null : r.closedSession() - r.noticedSession(), r.planWhere(),
                            r.steps().stream().map(s -> new Step(s.step(), s.done(), s.session())).toList());
                }).toList();
    }

    private boolean mayExport(GroupId group) {
        Role role = currentUser.require().role();
        if (role == Role.ADMIN) {
            return true;
        }
        try {
            leaders.requireLeader(group);
            return true;
        } catch (org.groupalliance.base.NotFoundException e) {
            return false;
        }
    }
}
