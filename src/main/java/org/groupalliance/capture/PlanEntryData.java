package org.groupalliance.capture;

import java.util.List;
import java.util.Set;

import org.groupalliance.measure.InstrumentDefinition.Rater;

/**
 * One instrument in a group's measurement plan: who completes it, when, and for outcome
 * instruments at which timepoints (baseline before the first session, post after the last,
 * follow-ups in weeks after the last session).
 */
public record PlanEntryData(String instrumentCode, Set<Rater> raters, Schedule schedule, boolean atBaseline, boolean atPost,
                            List<Integer> followUpWeeks) {
    public PlanEntryData {
        raters = raters == null ? Set.of() : Set.copyOf(raters);
        followUpWeeks = followUpWeeks == null ? List.of() : List.copyOf(followUpWeeks.stream().sorted().distinct().toList());
    }
}
