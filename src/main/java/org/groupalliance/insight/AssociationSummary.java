package org.groupalliance.insight;

import java.util.List;

import org.groupalliance.base.GroupId;

/**
 * The one-sentence answer to "does alliance go with improvement in my group?" with its numbers,
 * for the insight page and the PDF report ({@link AssociationService#summaryFor}). {@code choice}
 * and {@code link} are null when the plan offers nothing to relate; {@code caveat} says when the
 * numbers describe the group rather than give evidence. {@code options} are the plan's options the
 * default choice came from ({@link AssociationService#options}), so the page that shows the summary
 * need not read the plan again for its controls.
 */
public record AssociationSummary(GroupId groupId, String groupName, Association.Choice choice, String sentence, String caveat,
                                 Association.GroupLink link, Association.Options options) {

    /** The numbers behind the sentence as short lines (n, r with its interval, slope, R²). */
    public List<String> numbers() {
        if (link == null) {
            return List.of();
        }
        return AssociationText.numbers(link);
    }
}
