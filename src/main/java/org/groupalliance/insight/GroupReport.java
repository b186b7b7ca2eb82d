package org.groupalliance.insight;

import java.time.LocalDateTime;

/**
 * Everything the PDF group report prints: the insight (charts and members tables, labelled with
 * display names only for the group's own leaders), data completeness, open alerts and the
 * alliance–outcome summary; who made it and when (UTC).
 */
public record GroupReport(GroupInsight insight, String completeness, OpenAlerts alerts, AllianceSummary summary, boolean displayNames,
                          String generatedBy, LocalDateTime generatedAt) {
}
