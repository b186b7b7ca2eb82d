package org.groupalliance.outcome;

import java.util.List;

import org.groupalliance.measure.InstrumentDefinition;

/** An outcome instrument in a group's plan with the timepoints at which it is completed. */
public record PlannedOutcome(InstrumentDefinition instrument, List<Timepoint> timepoints) {
    public PlannedOutcome {
        timepoints = List.copyOf(timepoints);
    }
}
