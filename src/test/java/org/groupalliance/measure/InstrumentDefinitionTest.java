package org.groupalliance.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;

import org.groupalliance.base.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Built-in structures and scoring, checked by hand-computed examples. */
class InstrumentDefinitionTest {

    static final double NA = Double.NaN;

    static List<InstrumentDefinition> builtIns() {
        return BuiltInInstruments.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtIns")
    void every_built_in_states_source_licence_and_survives_a_json_round_trip(InstrumentDefinition d) {
        assertThat(d.source()).isNotBlank();
        assertThat(d.licence()).isNotBlank();
        assertThat(d.items()).allSatisfy(i -> assertThat(i.wording()).as("no copyrighted wording shipped").isNull());
        assertThat(InstrumentJson.read(InstrumentJson.write(d))).isEqualTo(d);
    }

    @Test
    void built_in_codes_are_unique() {
        assertThat(builtIns()).extracting(InstrumentDefinition::code).doesNotHaveDuplicates();
    }

    @Test
    void core10_reverses_items_2_and_3_and_prorates_one_missing_item() {
        InstrumentDefinition core = BuiltInInstruments.core10();
        // items 2 and 3 reversed (4 - x): 1 + (4-3) + (4-1) + 2 + 2 + 0 + 1 + 2 + 1 + 3 = 16
        assertThat(core.score(new double[] {1, 3, 1, 2, 2, 0, 1, 2, 1, 3}).total()).isEqualTo(16);
        // item 10 missing: mean of the 9 answered (13 / 9) x 10
        assertThat(core.score(new double[] {1, 3, 1, 2, 2, 0, 1, 2, 1, NA}).total()).isCloseTo(130 / 9.0, within(1e-12));
        assertThat(core.score(new double[] {1, 3, 1, 2, 2, 0, 1, 2, NA, NA}).total()).as("two missing: no score").isNaN();
    }

    @Test
    void group_climate_scores_three_subscale_means() {
        InstrumentDefinition gcq = BuiltInInstruments.groupClimate();
        double[] r = {5, 4, 1, 6, 2, 3, 2, 5, 0, NA, 4, 1};
        var s = gcq.score(r);
        assertThat(s.subscales().get("Engaged")).isCloseTo((5 + 4 + 6 + 5 + 4) / 5.0, within(1e-12));
        assertThat(s.subscales().get("Avoiding")).isCloseTo((1 + 2 + 0) / 3.0, within(1e-12));
        assertThat(s.subscales().get("Conflict")).isCloseTo((3 + 2 + 1) / 3.0, within(1e-12));
        assertThat(s.missingItems()).isEqualTo(1);
    }

    @Test
    void the_session_alliance_scale_signals_concern_by_total_item_and_drop() {
        InstrumentDefinition srs = BuiltInInstruments.sessionAlliance();
        assertThat(srs.concerns(new double[] {9.5, 9.2, 9.8, 9.6}, 38.0)).isEmpty();
        assertThat(srs.concerns(new double[] {9.5, 8.7, 9.8, 9.6}, NA)).singleElement().asString().contains("item 2");
        assertThat(srs.concerns(new double[] {9.0, 9.0, 9.0, 8.9}, NA)).anySatisfy(r -> assertThat(r).contains("total 35.9 is below 36"));
        assertThat(srs.concerns(new double[] {9.5, 9.2, 9.3, 9.0}, 38.1)).anySatisfy(r -> assertThat(r).contains("dropped by 1.1"));
    }

    @Test
    void visual_analogue_totals_are_free_of_binary_rounding_noise() {
        // 7.3 + 8.2 + 8.6 + 8.8 in doubles is 32.900000000000006
        assertThat(7.3 + 8.2 + 8.6 + 8.8).isNotEqualTo(32.9);
        assertThat(BuiltInInstruments.sessionAlliance().score(new double[] {7.3, 8.2, 8.6, 8.8}).total()).isEqualTo(32.9);
    }

    @Test
    void out_of_range_and_over_precise_values_are_refused_naming_the_item() {
        InstrumentDefinition srs = BuiltInInstruments.sessionAlliance();
        assertThatThrownBy(() -> srs.score(new double[] {9.5, 10.2, 9.8, 9.6})).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.fieldErrors()).containsEntry("item2", "Item 2 (Goals and topics): 10.2 is outside the allowed range 0 to 10"));
        assertThatThrownBy(() -> srs.score(new double[] {9.55, 9, 9, 9})).hasMessageContaining("one decimal");
        assertThatThrownBy(() -> BuiltInInstruments.phq9().score(new double[] {1, 2, 1.5, 0, 0, 0, 0, 0, 0})).hasMessageContaining("whole points");
    }

    @Test
    void an_inconsistent_definition_cannot_be_built() {
        var item = new InstrumentDefinition.Item(1, "Only item", null, InstrumentDefinition.ResponseType.INTEGER_SCALE, 1, 5, "a", "b");
        assertThatThrownBy(() -> new InstrumentDefinition("X1", "x", 1, InstrumentDefinition.Construct.ALLIANCE, InstrumentDefinition.Target.MEMBER_TO_LEADER,
                Set.of(InstrumentDefinition.Rater.MEMBER), List.of(item), Set.of(3), List.of(new InstrumentDefinition.Subscale("S", List.of(2))),
                new InstrumentDefinition.Scoring(org.groupalliance.analysis.ScaleScoring.Method.SUM, 0, 0), null, null, null,
                InstrumentDefinition.Direction.HIGHER_IS_BETTER, "test", "test", Set.of()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsEntry("reversedItems", "Reverse-keyed item 3 does not exist")
                        .containsEntry("subscales", "Subscale S names item 2, which does not exist"));
    }

    @Test
    void a_malformed_or_foreign_json_file_is_refused_with_a_reason() {
        assertThatThrownBy(() -> InstrumentJson.read("{\"format\":\"something-else\"}")).hasMessageContaining("Not a GroupAlliance instrument file");
        assertThatThrownBy(() -> InstrumentJson.read("{not json")).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.fieldErrors()).containsKey("json"));
        String json = InstrumentJson.write(BuiltInInstruments.phq9()).replace("\"version\" : 1", "\"version\" : 1, \"versoin\" : 2");
        assertThatThrownBy(() -> InstrumentJson.read(json)).hasMessageContaining("versoin");
        String broken = InstrumentJson.write(BuiltInInstruments.phq9()).replace("\"reversedItems\" : [ ]", "\"reversedItems\" : [ 12 ]");
        assertThatThrownBy(() -> InstrumentJson.read(broken)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.fieldErrors()).containsEntry("reversedItems", "Reverse-keyed item 12 does not exist"));
    }
}
