package org.groupalliance.insight;

import java.time.Clock;
import java.util.List;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.Times;
import org.groupalliance.capture.ExpectedForms;
import org.groupalliance.insight.pdf.GroupReportPdf;
import org.groupalliance.roster.GroupAccess;
import org.groupalliance.rupture.Alert;
import org.groupalliance.rupture.AlertService;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Roles;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The group report (PDF) and the open alerts shown on the insight page. Same access as
 * {@link InsightService#forGroup}: the group's leaders and admins; another facilitator gets "not
 * found", observers and researchers are refused by role (researchers get pooled, pseudonymised
 * numbers from the association analysis and the research export, never a group's page or report;
 * decision 0018). Display names only for the group's own leaders (they come from
 * {@link InsightService}); alerts only for them too ({@link AlertService}).
 */
@Service
@PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "')")
public class GroupReportService {

    private final InsightService insight;
    private final ExpectedForms expectedForms;
    private final AlertService alerts;
    private final GroupAccess access;
    private final CurrentUser currentUser;
    private final Clock clock;
    private final ObjectProvider<AllianceSummarySource> summaries;
    private final MemberInsightService memberInsight;

    GroupReportService(InsightService insight, ExpectedForms expectedForms, AlertService alerts, GroupAccess access, CurrentUser currentUser,
                       Clock clock, ObjectProvider<AllianceSummarySource> summaries, MemberInsightService memberInsight) {
        this.memberInsight = memberInsight;
        this.insight = insight;
        this.expectedForms = expectedForms;
        this.alerts = alerts;
        this.access = access;
        this.currentUser = currentUser;
        this.clock = clock;
        this.summaries = summaries;
    }

    /** The report's content; access is checked by {@link InsightService#forGroup} before anything else is read. */
    @Transactional
    public GroupReport report(GroupId group) {
        GroupInsight gi = insight.forGroup(group);
        String completeness = expectedForms.completeness(group).summary();
        AllianceSummarySource source = summaries.getIfAvailable();
        AllianceSummary summary = source == null ? AllianceSummary.notAvailable() : source.summaryFor(group);
        return new GroupReport(gi, completeness, openAlerts(group), summary, access.canSeeNames(group), currentUser.require().username(),
                Times.nowUtc(clock), memberInsight.withinPerson(group));
    }

    /** The report as a PDF document. */
    @Transactional
    public byte[] pdf(GroupId group) {
        return GroupReportPdf.render(report(group));
    }

    /** Alerts of the group that still need attention, the newest {@link OpenAlerts#LISTED} of them; not shown to anyone but the group's leaders. */
    @Transactional(readOnly = true)
    public OpenAlerts openAlerts(GroupId group) {
        access.require(group);
        if (!access.canSeeNames(group)) {
            return OpenAlerts.notShown();
        }
        List<Alert> open = alerts.forGroup(group).stream().filter(a -> a.status() == Alert.Status.ACTIVE).toList();
        return new OpenAlerts(true, open.stream().limit(OpenAlerts.LISTED).toList(), open.size());
    }

    /** The open alerts about one member of the group (member-level rules), newest first; as {@link #openAlerts(GroupId)}, only for the group's leaders. */
    @Transactional(readOnly = true)
    public OpenAlerts openAlerts(GroupId group, org.groupalliance.base.MemberId member) {
        access.require(group);
        if (!access.canSeeNames(group)) {
            return OpenAlerts.notShown();
        }
        List<Alert> open = alerts.openForMember(group, member);
        return new OpenAlerts(true, open.stream().limit(OpenAlerts.LISTED).toList(), open.size());
    }

    /** {@code group-report-<group name as a file name>.pdf}. */
    public static String fileName(String groupName) {
        String slug = groupName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return "group-report-" + (slug.isEmpty() ? "group" : slug.length() > 60 ? slug.substring(0, 60) : slug) + ".pdf";
    }
}
