package org.groupalliance.rupture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.MemberId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every rule against hand-computed cases, including its boundary, missing items, first ratings and gaps. */
class AlertRulesTest {

    static final double NA = Double.NaN;
    static final MemberId M = new MemberId(4);
    static final List<String> LINES = List.of("Relationship", "Goals and topics", "Approach or method", "Overall");
    static final RuleSettings SRS = RuleSettings.sessionAllianceDefaults();

    @Nested
    class Concern {
        @Test
        void a_total_of_exactly_36_is_not_under_36() {
            assertThat(AlertRules.concern(M, "RC-04", Score.of(7, 36.0, 9, 9, 9, 9), null, SRS, LINES)).isEmpty();
        }

        @Test
        void a_total_of_35_9_is_under_36_and_names_the_previous_rating() {
            List<Finding> f = AlertRules.concern(M, "RC-04", Score.of(7, 35.9, 9, 9, 9, 8.9), Score.of(6, 37.5, 9.5, 9.5, 9.5, 9), SRS, LINES);
            assertThat(f).extracting(Finding::rule).containsExactly(AlertRule.CONCERN_TOTAL, AlertRule.CONCERN_ITEM);
            assertThat(f.get(0).text()).isEqualTo("RC-04: total 35.9, under 36; was 37.5 at session 6");
            assertThat(f.get(1).text()).isEqualTo("RC-04: item 4 (Overall) 8.9, under 9");
            assertThat(f).allSatisfy(x -> assertThat(x.member()).isEqualTo(M));
        }

        @Test
        void the_first_rating_says_so() {
            assertThat(AlertRules.concern(M, "RC-04", Score.of(1, 31.2, 9, 9, 9, 4.2), null, SRS, LINES).get(0).text())
                    .isEqualTo("RC-04: total 31.2, under 36; first rating");
        }

        @Test
        void an_item_of_exactly_9_is_not_under_9_and_8_9_is() {
            assertThat(AlertRules.concern(M, "X", Score.of(2, 38.0, 9, 10, 9.5, 9.5), null, SRS, LINES)).isEmpty();
            List<Finding> f = AlertRules.concern(M, "X", Score.of(2, 38.4, 8.9, 10, 9.5, 10), null, SRS, LINES);
            assertThat(f).singleElement().satisfies(x -> assertThat(x.text()).isEqualTo("X: item 1 (Relationship) 8.9, under 9"));
        }

        @Test
        void with_a_missing_item_there_is_no_total_alert_but_answered_items_are_checked() {
            List<Finding> f = AlertRules.concern(M, "X", Score.of(3, NA, 9, NA, 8.5, 9), null, SRS, LINES);
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.rule()).isEqualTo(AlertRule.CONCERN_ITEM);
                assertThat(x.text()).isEqualTo("X: item 3 (Approach or method) 8.5, under 9");
            });
        }

        @Test
        void several_low_items_are_one_finding() {
            List<Finding> f = AlertRules.concern(M, "X", Score.of(3, 30.0, 7, 8, 6, 9), null, SRS, LINES);
            assertThat(f.get(1).text()).isEqualTo("X: item 1 (Relationship) 7, item 2 (Goals and topics) 8, item 3 (Approach or method) 6, under 9");
        }

        @Test
        void an_instrument_without_a_concern_rule_raises_nothing() {
            RuleSettings none = new RuleSettings(null, null, null, null, true, null, null, 1, .7, 2, 1, 75);
            assertThat(AlertRules.concern(M, "X", Score.of(3, 1.0, 0, 0, 0, 1), null, none, LINES)).isEmpty();
        }
    }

    @Nested
    class Drop {
        @Test
        void a_fall_of_exactly_1_alerts_and_0_9_does_not() {
            assertThat(AlertRules.drop(M, "RC-04", Score.of(7, 36.5, 9, 9, 9, 9.5), Score.of(6, 37.5, 9, 9, 9.5, 10), SRS)).hasValueSatisfying(f -> {
                assertThat(f.rule()).isEqualTo(AlertRule.DROP);
                assertThat(f.text()).isEqualTo("RC-04: total 36.5, down 1 from 37.5 at session 6; alert at a drop of 1");
            });
            assertThat(AlertRules.drop(M, "RC-04", Score.of(7, 36.6, 9, 9, 9, 9.6), Score.of(6, 37.5, 9, 9, 9.5, 10), SRS)).isEmpty();
        }

        @Test
        void decimal_totals_whose_binary_difference_is_just_under_1_still_drop_by_1() {
            assertThat(32.3 - 31.3).isLessThan(1.0);
            assertThat(AlertRules.drop(M, "X", Score.of(2, 31.3), Score.of(1, 32.3), SRS)).isPresent();
        }

        @Test
        void a_first_rating_has_nothing_to_drop_from() {
            assertThat(AlertRules.drop(M, "X", Score.of(1, 20.0), null, SRS)).isEmpty();
        }

        @Test
        void missed_sessions_compare_with_the_last_rating_and_say_so() {
            assertThat(AlertRules.drop(M, "X", Score.of(7, 34.0), Score.of(4, 38.0), SRS)).hasValueSatisfying(f ->
                    assertThat(f.text()).isEqualTo("X: total 34, down 4 from 38 at session 4 (no rating in between); alert at a drop of 1"));
        }

        @Test
        void a_missing_total_on_either_side_gives_no_drop() {
            assertThat(AlertRules.drop(M, "X", Score.of(2, NA), Score.of(1, 38.0), SRS)).isEmpty();
            assertThat(AlertRules.drop(M, "X", Score.of(2, 30.0), Score.of(1, NA), SRS)).isEmpty();
        }

        @Test
        void a_group_setting_of_2_points_replaces_the_default() {
            RuleSettings two = SRS.withDropOf(2.0);
            assertThat(AlertRules.drop(M, "X", Score.of(2, 36.1), Score.of(1, 38.0), two)).isEmpty();
            assertThat(AlertRules.drop(M, "X", Score.of(2, 36.0), Score.of(1, 38.0), two)).isPresent();
        }
    }

    @Nested
    class Mismatch {
        final List<Finding> concern = AlertRules.concern(M, "RC-04", Score.of(5, 31.2, 8, 8, 7.2, 8), null, SRS, LINES);

        @Test
        void a_leader_rating_at_75_percent_of_the_range_with_member_concern_is_a_mismatch() {
            // GTB-12: 12 items 1-5, total 12-60; 48 is (48 - 12) / 48 = 75 %
            assertThat(AlertRules.mismatch(M, "RC-04", concern, "GTB-12", 48, 12, 60, SRS)).hasValueSatisfying(f -> assertThat(f.text()).isEqualTo(
                    "RC-04: leader rated GTB-12 48 (75 % of its range, at least 75 %) while the member's own rating is at concern level (total 31.2, under 36; first rating)"));
        }

        @Test
        void just_under_75_percent_or_no_member_concern_is_not() {
            assertThat(AlertRules.mismatch(M, "RC-04", concern, "GTB-12", 47, 12, 60, SRS)).isEmpty();
            assertThat(AlertRules.mismatch(M, "RC-04", List.of(), "GTB-12", 60, 12, 60, SRS)).isEmpty();
        }
    }

    @Nested
    class OffTrack {
        final RuleSettings ors = new RuleSettings(null, null, null, 5.0, true, 5.0, null, 100 / 12.0, .7, 2, 1, 75);
        final RuleSettings core10 = new RuleSettings(null, null, null, 6.0, false, 6.0, null, 25 / 12.0, .7, 2, 1, 75);

        @Test
        void higher_is_better_five_points_under_baseline_is_off_track_and_4_9_is_not() {
            assertThat(AlertRules.offTrack(M, "RC-04", Score.of(6, 20.0), Score.of(1, 25.0), ors)).hasValueSatisfying(f ->
                    assertThat(f.text()).isEqualTo("RC-04: outcome 20, 5 worse than 25 at session 1 (reliable change 5)"));
            assertThat(AlertRules.offTrack(M, "RC-04", Score.of(6, 20.1), Score.of(1, 25.0), ors)).isEmpty();
        }

        @Test
        void higher_is_worse_six_points_over_baseline_is_off_track() {
            assertThat(AlertRules.offTrack(M, "X", Score.of(4, 18.0), Score.of(0, 12.0), core10)).hasValueSatisfying(f ->
                    assertThat(f.text()).isEqualTo("X: outcome 18, 6 worse than 12 at baseline (reliable change 6)"));
            assertThat(AlertRules.offTrack(M, "X", Score.of(4, 17.0), Score.of(0, 12.0), core10)).isEmpty();
            assertThat(AlertRules.offTrack(M, "X", Score.of(4, 6.0), Score.of(0, 12.0), core10)).as("improvement").isEmpty();
        }

        @Test
        void the_baseline_session_itself_and_missing_scores_are_never_off_track() {
            assertThat(AlertRules.offTrack(M, "X", Score.of(1, 10.0), Score.of(1, 10.0), ors)).isEmpty();
            assertThat(AlertRules.offTrack(M, "X", Score.of(3, NA), Score.of(1, 30.0), ors)).isEmpty();
            assertThat(AlertRules.offTrack(M, "X", Score.of(3, 10.0), null, ors)).isEmpty();
        }
    }

    @Nested
    class Group {
        List<MemberScore> totals(double... t) {
            return java.util.stream.IntStream.range(0, t.length).mapToObj(i -> new MemberScore(new MemberId(i + 1), "M" + (i + 1), Score.of(3, t[i]))).toList();
        }

        List<MemberScore> items(double[]... rows) {
            return java.util.stream.IntStream.range(0, rows.length).mapToObj(i -> new MemberScore(new MemberId(i + 1), "M" + (i + 1),
                    Score.of(3, java.util.Arrays.stream(rows[i]).sum(), rows[i]))).toList();
        }

        @Test
        void the_group_mean_falling_by_exactly_the_amount_alerts() {
            // 38 -> 37
            assertThat(AlertRules.groupMeanFall(totals(35, 37, 39), 3, totals(36, 38, 40), 2, SRS)).hasValueSatisfying(f ->
                    assertThat(f.text()).isEqualTo("Whole group: mean 37, down 1 from 38 at session 2 (the 3 members who rated both sessions);"
                            + " alert at a fall of 1"));
            assertThat(AlertRules.groupMeanFall(totals(35, 37, 39), 3, totals(36, 38, 40), 2, SRS.withGroupFallOf(1.5))).isEmpty();
            assertThat(AlertRules.groupMeanFall(totals(35, 37, 39), 3, List.of(), 0, SRS)).as("first session").isEmpty();
            assertThat(AlertRules.groupMeanFall(totals(20), 3, totals(38), 2, SRS)).as("one form is no group mean").isEmpty();
        }

        @Test
        void the_group_means_compare_the_same_members_so_who_came_is_no_fall_or_rise() {
            // session 5: 39, 39, 39, 31 (mean 37); at session 6 only the members who gave 39 and 31 rate, each the same
            // again (mean 35): nobody changed, so no fall (comparing all forms would show a fall of 2)
            List<MemberScore> before = List.of(total(1, 39), total(2, 39), total(3, 39), total(4, 31));
            assertThat(AlertRules.groupMeanFall(List.of(total(1, 39), total(4, 31)), 6, before, 5, SRS)).isEmpty();
            // the same members each 1 lower: a fall of 1 among the two who rated both sessions
            assertThat(AlertRules.groupMeanFall(List.of(total(1, 38), total(4, 30)), 6, before, 5, SRS)).hasValueSatisfying(f ->
                    assertThat(f.text()).isEqualTo("Whole group: mean 34, down 1 from 35 at session 5 (the 2 members who rated both sessions);"
                            + " alert at a fall of 1"));
            assertThat(AlertRules.groupMeanFall(List.of(total(1, 20), total(5, 20)), 6, before, 5, SRS)).as("one member rated both: no group mean")
                    .isEmpty();
            // a conflict subscale: the member who rated 3 before stays away, the other's 1 stays 1: no rise
            RuleSettings climate = new RuleSettings(null, null, null, null, true, null, 1.0, 49 / 12.0, .7, 2, 1, 75);
            assertThat(AlertRules.climateRise(List.of(sub(1, "Conflict", 1), sub(3, "Conflict", 3)), List.of(sub(1, "Conflict", 1), sub(2, "Conflict", 1)),
                    5, Set.of("Conflict"), climate)).isEmpty();
        }

        MemberScore total(long id, double t) {
            return new MemberScore(new MemberId(id), "M" + id, Score.of(3, t));
        }

        @Test
        void rwg_j_of_two_opposite_members_is_under_70() {
            // items 8 and 4: s2 = 8 per item, ranvar 100/12; a = 4 (1 - 0.96) = 0.16; rwg(j) = 0.16 / (0.16 + 0.96) = 0.142857
            List<Finding> f = AlertRules.spread(items(new double[] {8, 8, 8, 8}, new double[] {4, 4, 4, 4}), 3, List.of(), 0, SRS);
            assertThat(f).singleElement().satisfies(x -> assertThat(x.text()).isEqualTo("Whole group: agreement rwg(j) 0.14 (n 2), under 0.7"));
            assertThat(AlertRules.spread(items(new double[] {9, 9, 9, 9}, new double[] {9.5, 9.5, 9.5, 9.5}), 3, List.of(), 0, SRS)).isEmpty();
        }

        @Test
        void a_form_with_a_missing_item_is_left_out_of_rwg_j() {
            assertThat(AlertRules.spread(items(new double[] {8, 8, 8, 8}, new double[] {4, NA, 4, 4}), 3, List.of(), 0, SRS)).isEmpty();
        }

        @Test
        void the_sd_doubling_alerts_and_one_and_a_half_times_does_not() {
            // SD 2 -> 4 exactly
            List<Finding> f = AlertRules.spread(totals(32, 36, 40), 3, totals(34, 36, 38), 2, SRS);
            assertThat(f).singleElement().satisfies(x ->
                    assertThat(x.text()).isEqualTo("Whole group: SD of totals 4 (n 3), 2 times 2 at session 2; alert at 2 times"));
            assertThat(AlertRules.spread(totals(33, 36, 39), 3, totals(34, 36, 38), 2, SRS)).isEmpty();
            assertThat(AlertRules.spread(totals(33, 36, 39), 3, totals(36, 36, 36), 2, SRS)).as("previous SD 0").isEmpty();
        }

        @Test
        void a_conflict_mean_rising_by_exactly_one_alerts() {
            RuleSettings climate = new RuleSettings(null, null, null, null, true, null, 1.0, 49 / 12.0, .7, 2, 1, 75);
            List<MemberScore> before = List.of(sub(1, "Conflict", 1), sub(2, "Conflict", 2));
            assertThat(AlertRules.climateRise(List.of(sub(1, "Conflict", 2), sub(2, "Conflict", 3)), before, 5, Set.of("Conflict", "Avoiding"), climate))
                    .singleElement().satisfies(x -> assertThat(x.text()).isEqualTo("Whole group: Conflict mean 2.5, up 1 from 1.5 at session 5"
                            + " (the 2 members who rated both sessions); alert at a rise of 1"));
            assertThat(AlertRules.climateRise(List.of(sub(1, "Conflict", 2), sub(2, "Conflict", 2.9)), before, 5, Set.of("Conflict"), climate)).isEmpty();
        }

        MemberScore sub(long id, String name, double v) {
            return new MemberScore(new MemberId(id), "M" + id, new Score(6, NA, List.of(), Map.of(name, v)));
        }

        @Test
        void a_subgroup_1_78_sd_below_the_rest_alerts() {
            // totals 30 30 | 36 38 36: mean 34, SD sqrt(56 / 4) = 3.7417; rest 36.667; (36.667 - 30) / 3.7417 = 1.78
            List<MemberScore> now = totals(30, 30, 36, 38, 36);
            List<Finding> f = AlertRules.subgroupLow(now, Map.of("Newcomers", Set.of(new MemberId(1), new MemberId(2))), SRS);
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.subject()).isEqualTo("Newcomers");
                assertThat(x.text()).isEqualTo("Newcomers: mean 30 (n 2), 1.78 SD below the rest 36.67 (n 3; SD 3.74)");
            });
            assertThat(AlertRules.subgroupLow(totals(35, 37, 36, 37, 36), Map.of("Newcomers", Set.of(new MemberId(1), new MemberId(2))), SRS)).isEmpty();
        }

        @Test
        void a_subgroup_exactly_one_sd_below_alerts() {
            // 10 | 12 12 12 ... pick totals 9, 11, 11, 11, 13? use 1 | 3, 3: mean 2.333, SD sqrt((1.778 + .444 + .444) / 2) = 1.1547; gap 2 / 1.1547 = 1.73
            // exact: a | b with n 1 and 1 and a third equal to b: 0 | 2, 2 -> SD 1.1547, gap 1.73; with sds 1.7320508 the boundary is met
            RuleSettings sds = new RuleSettings(36.0, 9.0, 1.0, null, true, 1.0, null, 100 / 12.0, .7, 2, 2 / Math.sqrt(4 / 3.0), 75);
            assertThat(AlertRules.subgroupLow(totals(0, 2, 2), Map.of("A", Set.of(new MemberId(1))), sds)).hasSize(1);
            RuleSettings more = new RuleSettings(36.0, 9.0, 1.0, null, true, 1.0, null, 100 / 12.0, .7, 2, 1.7321, 75);
            assertThat(AlertRules.subgroupLow(totals(0, 2, 2), Map.of("A", Set.of(new MemberId(1))), more)).isEmpty();
        }
    }
}
