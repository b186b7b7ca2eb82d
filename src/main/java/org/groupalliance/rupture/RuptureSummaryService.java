package org.groupalliance.rupture;

import java.util.ArrayList;
import java.util.List;

import org.groupalliance.base.GroupId;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSummary;
import org.groupalliance.rupture.internal.AlertRepository;
import org.groupalliance.rupture.internal.RuptureRepository;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Summaries of alerts and rupture records: per group and pooled over the leader's groups for the
 * leader; pooled over every group (counts only) for admins and researchers.
 */
@Service
public class RuptureSummaryService {

    private final AlertRepository alerts;
    private final RuptureRepository records;
    private final GroupService groups;
    private final LeaderCheck leaders;
    private final org.groupalliance.security.CurrentUser currentUser;

    RuptureSummaryService(AlertRepository alerts, RuptureRepository records, GroupService groups, LeaderCheck leaders,
                          org.groupalliance.security.CurrentUser currentUser) {
        this.currentUser = currentUser;
        this.alerts = alerts;
        this.records = records;
        this.groups = groups;
        this.leaders = leaders;
    }

    @PreAuthorize("hasRole('" + Roles.FACILITATOR + "')")
    @Transactional(readOnly = true)
    public RuptureSummary forGroup(GroupId group) {
        leaders.requireLeader(group);
        return RuptureSummary.of(groups.get(group).name(), 1, alerts.countByGroup(group), records.findByGroups(List.of(group)));
    }

    /** One summary per group the current user leads, then the pooled one (last). */
    @PreAuthorize("hasRole('" + Roles.FACILITATOR + "')")
    @Transactional(readOnly = true)
    public List<RuptureSummary> forMyGroups() {
        List<RuptureSummary> out = new ArrayList<>();
        List<GroupId> mine = groups.findMyGroups().stream().map(GroupSummary::id).toList();
        for (GroupId g : mine) {
            out.add(forGroup(g));
        }
        out.add(RuptureSummary.of("All my groups", mine.size(), out.stream().mapToInt(RuptureSummary::alerts).sum(), records.findByGroups(mine)));
        return out;
    }

    /**
     * Pooled structured counts only: an admin's over every group; a researcher's over the groups of their own site
     * (none without a site), as the export and the pooled statistics (docs/decisions/0028).
     */
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.RESEARCHER + "')")
    @Transactional(readOnly = true)
    public RuptureSummary pooled() {
        var me = currentUser.require();
        if (me.role() == org.groupalliance.security.Role.ADMIN) {
            return RuptureSummary.of("All groups", records.countGroups(), alerts.countAll(), records.findAll());
        }
        List<GroupId> site = me.siteId().map(records::groupsOfSite).orElse(List.of());
        return RuptureSummary.of("All groups of your site", records.countGroups(site), alerts.countByGroups(site), records.findByGroups(site));
    }
}
