package org.groupalliance.outcome;

import java.util.List;
import java.util.Map;

import org.groupalliance.base.MemberId;

/** A member's outcome form at a timepoint: instrument version used, responses (NaN = missing) and the scores computed when saved. */
public record OutcomeRating(long id, MemberId member, String instrumentCode, int instrumentVersion, Timepoint timepoint, List<Double> responses,
                            double total, Map<String, Double> subscales, int missingItems, String enteredBy, int version) {
    public OutcomeRating {
        responses = List.copyOf(responses);
        subscales = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(subscales));
    }
}
