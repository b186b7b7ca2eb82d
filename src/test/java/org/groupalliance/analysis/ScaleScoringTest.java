package org.groupalliance.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.groupalliance.analysis.ScaleScoring.Method;
import org.groupalliance.analysis.ScaleScoring.Scale;
import org.junit.jupiter.api.Test;

/** Hand-computed scoring examples: reverse keys, prorating, missing-item limits, visual-analogue decimals. */
class ScaleScoringTest {

    static final double NA = Double.NaN;

    @Test
    void reverse_keyed_items_are_recoded_as_min_plus_max_minus_x() {
        Scale s = new Scale("bond", 1, 7, List.of(0, 1, 2), List.of(1), Method.SUM, 0, 0);
        // 6 + (1 + 7 - 2) + 5 = 17
        assertThat(ScaleScoring.score(s, new double[] {6, 2, 5}).score()).isEqualTo(17);
    }

    @Test
    void a_sum_with_a_missing_item_is_prorated_when_the_rule_allows_it() {
        Scale s = new Scale("core", 0, 4, List.of(0, 1, 2, 3), List.of(), Method.SUM, 1, 0.25);
        // mean of answered (2 + 3 + 4) / 3 = 3, prorated to 4 items = 12
        ScaleScoring.Result r = ScaleScoring.score(s, new double[] {2, NA, 3, 4});
        assertThat(r.score()).isEqualTo(12);
        assertThat(r.missing()).isEqualTo(1);
        assertThat(ScaleScoring.score(s, new double[] {2, NA, NA, 4}).isMissing()).as("two missing is over the limit").isTrue();
    }

    @Test
    void a_mean_score_uses_the_answered_items() {
        Scale gcq = new Scale("engaged", 0, 6, List.of(0, 1, 2, 3, 4), List.of(), Method.MEAN, 4, 0.8);
        assertThat(ScaleScoring.score(gcq, new double[] {5, 4, NA, 6, 3}).score()).isEqualTo(4.5);
    }

    @Test
    void visual_analogue_decimals_are_kept() {
        Scale srs = Scale.complete("srs", 4, 0, 10, Method.SUM);
        assertThat(ScaleScoring.score(srs, new double[] {9.3, 8.7, 9.9, 9.1}).score()).isCloseTo(37.0, within(1e-12));
    }

    @Test
    void an_out_of_range_value_is_rejected_naming_the_item_and_range() {
        Scale srs = Scale.complete("srs", 4, 0, 10, Method.SUM);
        assertThatThrownBy(() -> ScaleScoring.score(srs, new double[] {9.3, 10.4, 9.9, 9.1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Item 2: 10.4 is outside the allowed range 0 to 10");
    }

    @Test
    void nothing_answered_is_missing() {
        Scale s = new Scale("x", 1, 5, List.of(0, 1), List.of(), Method.MEAN, 2, 1);
        assertThat(ScaleScoring.score(s, new Double[] {null, null}).isMissing()).isTrue();
    }
}
