package org.groupalliance.insight;

import org.groupalliance.base.GroupId;

/**
 * Where the group report gets its alliance–outcome summary: one bean implementing this (the
 * association analysis) is picked up by {@link GroupReportService}; without one the report's
 * section says the summary is not available. Called with the current user's rights; it must
 * apply the same access rules and give display names only to the group's own leaders.
 */
public interface AllianceSummarySource {

    AllianceSummary summaryFor(GroupId group);
}
