package org.groupalliance.rupture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.groupalliance.base.GroupId;
import org.junit.jupiter.api.Test;

/** The summary's counts against a hand-made set of records. */
class RuptureSummaryTest {

    static Rupture record(Rupture.State state, Rupture.Outcome outcome, int noticed, Integer closed, int... doneSteps) {
        List<Rupture.Step> steps = java.util.Arrays.stream(doneSteps).mapToObj(n -> new Rupture.Step(n, true, "note", noticed)).toList();
        return new Rupture(new RuptureId(1), new GroupId(1), null, Rupture.With.MEMBER, null, null, "X", Rupture.Marker.WITHDRAWAL, noticed,
                steps, null, null, state, outcome, closed, null, "t", 0);
    }

    @Test
    void counts_outcomes_sessions_to_resolution_and_steps_for_repaired_versus_unrepaired() {
        RuptureSummary s = RuptureSummary.of("G", 1, 9, List.of(
                record(Rupture.State.CLOSED, Rupture.Outcome.REPAIRED, 4, 6, 1, 2, 6),
                record(Rupture.State.CLOSED, Rupture.Outcome.REPAIRED, 2, 3, 2, 6, 8),
                record(Rupture.State.CLOSED, Rupture.Outcome.UNREPAIRED, 5, 9, 2),
                record(Rupture.State.CLOSED, Rupture.Outcome.DROPPED_OUT, 7, 8, 2, 6),
                record(Rupture.State.IN_PROGRESS, null, 8, null, 2, 6)));
        assertThat(s.alerts()).isEqualTo(9);
        assertThat(s.records()).isEqualTo(5);
        assertThat(s.notClosed()).isEqualTo(1);
        assertThat(List.of(s.repaired(), s.unrepaired(), s.plannedEnding(), s.droppedOut())).containsExactly(2, 1, 0, 1);
        // resolution 2, 1, 4, 1: mean 2, median 1.5
        assertThat(s.resolvedN()).isEqualTo(4);
        assertThat(s.sessionsToResolutionMean()).isEqualTo(2.0);
        assertThat(s.sessionsToResolutionMedian()).isEqualTo(1.5);
        assertThat(s.steps()).extracting(RuptureSummary.StepCount::repaired).containsExactly(1, 2, 0, 0, 0, 2, 0, 1);
        assertThat(s.steps()).extracting(RuptureSummary.StepCount::unrepaired).containsExactly(0, 1, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void no_records_gives_zeros_and_no_mean() {
        RuptureSummary s = RuptureSummary.of("G", 1, 0, List.of());
        assertThat(s.records()).isZero();
        assertThat(s.sessionsToResolutionMean()).isNaN();
        assertThat(s.steps()).hasSize(8).allSatisfy(c -> assertThat(c.repaired() + c.unrepaired()).isZero());
    }
}
