package org.groupalliance.outcome;

import java.util.List;

import org.groupalliance.analysis.ReliableChange;

/**
 * Change from baseline to post on one outcome instrument for every member, classified with the
 * instrument's published reliable-change criterion and caseness cut-off
 * ({@link ReliableChange#classifyByCriterion}). {@code note} says why there is no classification
 * (no criterion in the definition, no post data yet); {@code result} is then null.
 */
public record OutcomeChange(String instrumentCode, String instrumentName, Double criterion, Double cutoff, boolean higherIsBetter,
                            List<String> memberCodes, ReliableChange.Result result, String note) {
    public OutcomeChange {
        memberCodes = List.copyOf(memberCodes);
    }
}
