package org.groupalliance.roster;

import static org.assertj.core.api.Assertions.assertThat;

import org.groupalliance.base.ValidationException;
import org.groupalliance.base.Validator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhaseBoundariesTest {

    @ParameterizedTest(name = "{0} planned sessions -> early 1-{1}, middle -{2}, late -{0}")
    @CsvSource({"3,1,2", "10,3,7", "12,4,8", "16,5,11", "20,7,13"})
    void default_phases_are_thirds_of_the_planned_sessions(int planned, int earlyTo, int middleTo) {
        PhaseBoundaries p = PhaseBoundaries.thirds(planned);
        assertThat(p).isEqualTo(new PhaseBoundaries(1, earlyTo, earlyTo + 1, middleTo, middleTo + 1, planned));
        Validator v = new Validator();
        p.validate(planned, v);
        v.throwIfInvalid();
    }

    @Test
    void the_phase_of_a_session_follows_the_boundaries() {
        PhaseBoundaries p = new PhaseBoundaries(1, 2, 3, 9, 10, 12);
        assertThat(p.phaseOf(1)).isEqualTo(Phase.EARLY);
        assertThat(p.phaseOf(2)).isEqualTo(Phase.EARLY);
        assertThat(p.phaseOf(3)).isEqualTo(Phase.MIDDLE);
        assertThat(p.phaseOf(9)).isEqualTo(Phase.MIDDLE);
        assertThat(p.phaseOf(10)).isEqualTo(Phase.LATE);
    }

    @Test
    void an_empty_early_phase_and_a_late_start_are_named() {
        Validator v = new Validator();
        new PhaseBoundaries(2, 1, 2, 6, 7, 12).validate(12, v);
        assertThatThrownBy(v::throwIfInvalid).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors())
                .containsEntry("earlyFrom", "The early phase must start at session 1")
                .containsEntry("earlyTo", "The early phase must not be empty: its last session must be at or after its first"));
    }
}
