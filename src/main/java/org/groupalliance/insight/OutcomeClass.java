package org.groupalliance.insight;

import org.groupalliance.analysis.ReliableChange;

/**
 * A member's change from baseline to post on one outcome instrument of the plan, as the outcome
 * feature classifies it ({@code OutcomeService.change}: reliable change by the instrument's
 * published criterion, recovered when the member also left the clinical range; Jacobson and Truax
 * 1991). {@code category} null = not classifiable; {@code note} says why.
 */
public record OutcomeClass(String instrumentCode, double pre, double post, double change, double rci, ReliableChange.Category category, String note) {

    /** "improved", "recovered", ... or the reason there is none ("no post score"). */
    public String label() {
        return category == null ? note : category.name().toLowerCase(java.util.Locale.ROOT);
    }
}
