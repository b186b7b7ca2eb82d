package org.groupalliance.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.groupalliance.analysis.ReliableChange.Category;
import org.junit.jupiter.api.Test;

/** Hand-computed cases for the published-criterion rule (CORE-10 style: criterion 6, caseness at 11 and above). */
class ReliableChangeCriterionTest {

    @Test
    void higher_is_worse_with_a_caseness_cut_off() {
        String[] ids = {"a", "b", "c", "d", "e", "f"};
        double[] pre = {20, 20, 12, 14, 15, 9};
        double[] post = {14, 15, 6, 20, Double.NaN, 9};
        ReliableChange.Result r = ReliableChange.classifyByCriterion(ids, pre, post, 6, 11, false);
        // a: -6 = criterion exactly: reliable; post 14 still >= 11 -> improved
        assertEquals(Category.IMPROVED, r.perMember().get(0).category());
        assertEquals(-1.96, r.perMember().get(0).rci(), 1e-15);
        // b: -5 < 6 -> unchanged
        assertEquals(Category.UNCHANGED, r.perMember().get(1).category());
        // c: 12 -> 6, clinical (>= 11) to not clinical -> recovered
        assertEquals(Category.RECOVERED, r.perMember().get(2).category());
        // d: +6 on a higher-is-worse scale -> deteriorated
        assertEquals(Category.DETERIORATED, r.perMember().get(3).category());
        assertEquals(1.96, r.perMember().get(3).rci(), 1e-15);
        // e: no post -> not classified, not counted
        assertNull(r.perMember().get(4).category());
        assertEquals(0, r.perMember().get(5).change());
        assertEquals(1, r.recovered());
        assertEquals(1, r.improved());
        assertEquals(2, r.unchanged());
        assertEquals(1, r.deteriorated());
        assertEquals(6 / 1.96, r.sDiff(), 1e-15);
    }

    @Test
    void higher_is_better_mirrors_the_rule() {
        // ORS style: 0-40, below 25 is clinical, criterion 5
        ReliableChange.Result r = ReliableChange.classifyByCriterion(null, new double[]{20, 20, 30, 3.2},
                new double[]{25, 24.9, 24.5, 8.2}, 5, 25, true);
        assertEquals(Category.RECOVERED, r.perMember().get(0).category());
        assertEquals(Category.UNCHANGED, r.perMember().get(1).category());
        assertEquals(Category.DETERIORATED, r.perMember().get(2).category());
        // 3.2 -> 8.2 is +5.0 in decimal but 4.999999999999999 in binary: still a reliable change (improved, still below 25)
        assertEquals(true, 8.2 - 3.2 < 5);
        assertEquals(Category.IMPROVED, r.perMember().get(3).category());
    }

    @Test
    void no_cut_off_means_no_recovered_category() {
        ReliableChange.Result r = ReliableChange.classifyByCriterion(null, new double[]{20}, new double[]{5}, 6, Double.NaN, false);
        assertEquals(Category.IMPROVED, r.perMember().get(0).category());
    }

    @Test
    void a_criterion_must_be_positive() {
        assertThrows(IllegalArgumentException.class, () -> ReliableChange.classifyByCriterion(null, new double[]{1}, new double[]{2}, 0, 1, true));
    }
}
