package org.groupalliance.insight;

import java.util.ArrayList;
import java.util.List;

import org.groupalliance.base.GroupId;
import org.springframework.stereotype.Component;

/**
 * Feeds the group report's alliance–outcome section from the association analysis: the default
 * view's one-sentence answer, its numbers (n, r with its interval, slope, R²) and its caveat.
 * Access is the association service's own (its method security and group check).
 */
@Component
class AssociationSummaryAdapter implements AllianceSummarySource {

    private final AssociationService associations;

    AssociationSummaryAdapter(AssociationService associations) {
        this.associations = associations;
    }

    @Override
    public AllianceSummary summaryFor(GroupId group) {
        AssociationSummary summary = associations.summaryFor(group);
        List<String> lines = new ArrayList<>();
        lines.add(summary.sentence());
        lines.addAll(summary.numbers());
        if (summary.caveat() != null && !summary.caveat().isBlank()) {
            lines.add(summary.caveat());
        }
        return AllianceSummary.of(lines);
    }
}
