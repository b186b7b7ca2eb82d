package org.groupalliance.insight;

import java.time.LocalDateTime;
import java.util.Map;

import org.groupalliance.base.MemberId;

/**
 * Everything the PDF group report prints: the insight (charts and members tables, labelled with
 * display names only for the group's own leaders), data completeness, open alerts and the
 * alliance–outcome summary; who made it and when (UTC); and per instrument code the members'
 * within-person r of that rating with their next session's outcome
 * ({@link MemberInsightService#withinPerson}; empty when the plan measures no outcome at sessions).
 */
public record GroupReport(GroupInsight insight, String completeness, OpenAlerts alerts, AllianceSummary summary, boolean displayNames,
                          String generatedBy, LocalDateTime generatedAt, Map<String, Map<MemberId, Association.WithinPerson>> withinPerson) {
    public GroupReport {
        withinPerson = Map.copyOf(withinPerson);
    }

    /** A report without within-person correlations (no session outcome). */
    public GroupReport(GroupInsight insight, String completeness, OpenAlerts alerts, AllianceSummary summary, boolean displayNames,
                       String generatedBy, LocalDateTime generatedAt) {
        this(insight, completeness, alerts, summary, displayNames, generatedBy, generatedAt, Map.of());
    }
}
