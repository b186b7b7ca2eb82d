package org.groupalliance.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.groupalliance.insight.Association.Correlation;
import org.groupalliance.insight.Association.WithinPerson;
import org.junit.jupiter.api.Test;

/**
 * The words of the within-person r: a member with enough pairs whose r is not computable is told
 * why (the statistics' note), never "fewer than 6 pairs".
 */
class WithinPersonTextTest {

    @Test
    void enough_pairs_without_variation_say_so_not_fewer_than_six_pairs() {
        // seven sessions, alliance the same every time: the statistics' own words
        List<AssociationStatistics.Pair> pairs = new java.util.ArrayList<>();
        for (int t = 1; t <= 7; t++) {
            pairs.add(new AssociationStatistics.Pair("g", "m", t, 5.0, 10 + (t * 7) % 3));
        }
        Map<String, WithinPerson> within = AssociationStatistics.withinPerson(pairs);
        assertThat(WithinPersonText.cell(within.get("m"))).isEqualTo("no variation to correlate (n = 7 pairs)");
        assertThat(WithinPersonText.twoLines(within.get("m"))).isEqualTo("no variation to correlate (n = 7 pairs)");
        assertThat(WithinPersonText.r(within.get("m"))).isNaN();
    }

    @Test
    void fewer_than_six_pairs_and_an_r_read_as_before() {
        assertThat(WithinPersonText.cell(new WithinPerson(5, null, "5 pairs of sessions; 6 needed"))).isEqualTo("fewer than 6 pairs (n = 5)");
        assertThat(WithinPersonText.cell(null)).isEqualTo("fewer than 6 pairs (n = 0)");
        WithinPerson w = new WithinPerson(7, new Correlation(7, 0.53, -0.37, 0.92, 0.22), "");
        assertThat(WithinPersonText.cell(w)).isEqualTo("r = +0.53 (95 % CI −0.37 to +0.92), n = 7 pairs");
        assertThat(WithinPersonText.twoLines(w)).isEqualTo("r = +0.53, n = 7 pairs\n(95 % CI −0.37 to +0.92)");
        // a note-less NaN (from elsewhere) still does not claim too few pairs
        assertThat(WithinPersonText.cell(new WithinPerson(8, new Correlation(8, Double.NaN, Double.NaN, Double.NaN, Double.NaN), null)))
                .isEqualTo("not computable (n = 8 pairs)");
    }
}
