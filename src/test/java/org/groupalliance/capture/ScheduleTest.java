package org.groupalliance.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.groupalliance.roster.Phase;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    static List<Integer> due(Schedule s, int planned, java.util.function.IntFunction<Phase> phaseOf) {
        return IntStream.rangeClosed(1, planned).filter(n -> s.isDue(n, phaseOf.apply(n))).boxed().toList();
    }

    @Test
    void every_kth_session_counts_from_session_1() {
        assertThat(due(new Schedule(Schedule.Kind.EVERY_KTH, 4, null, null), 12, n -> Phase.EARLY)).containsExactly(1, 5, 9);
    }

    @Test
    void schedules_describe_themselves_in_plain_words() {
        assertThat(new Schedule(Schedule.Kind.EVERY_KTH, 3, null, null).describe()).isEqualTo("every 3rd session (1, 4, 7, ...)");
        assertThat(new Schedule(Schedule.Kind.EVERY_KTH, 2, null, null).describe()).isEqualTo("every 2nd session (1, 3, 5, ...)");
        assertThat(new Schedule(Schedule.Kind.PHASES, null, null, Set.of(Phase.LATE, Phase.EARLY)).describe())
                .isEqualTo("every session in the early and late phases");
    }

    @Test
    void listed_sessions_phases_every_session_and_none() {
        assertThat(due(new Schedule(Schedule.Kind.SESSIONS, null, List.of(8, 4, 4, 12), null), 12, n -> Phase.EARLY)).containsExactly(4, 8, 12);
        assertThat(due(new Schedule(Schedule.Kind.PHASES, null, null, Set.of(Phase.EARLY, Phase.LATE)), 12,
                n -> n <= 4 ? Phase.EARLY : n <= 8 ? Phase.MIDDLE : Phase.LATE)).containsExactly(1, 2, 3, 4, 9, 10, 11, 12);
        assertThat(due(Schedule.everySession(), 3, n -> Phase.EARLY)).containsExactly(1, 2, 3);
        assertThat(due(new Schedule(Schedule.Kind.NONE, null, null, null), 3, n -> Phase.EARLY)).isEmpty();
    }
}
