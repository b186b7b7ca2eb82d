package org.groupalliance.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.groupalliance.analysis.model.Formula;
import org.junit.jupiter.api.Test;

class FormulaTest {

    @Test
    void star_expands_and_terms_are_ordered_by_degree_as_in_r() {
        Formula f = Formula.parse("y ~ a:b + c + a*b");
        assertThat(f.fixed()).extracting(Formula.Term::label).containsExactly("c", "a", "b", "a:b");
        assertThat(f.intercept()).isTrue();
    }

    @Test
    void the_intercept_can_be_dropped() {
        assertThat(Formula.parse("y ~ 0 + x").intercept()).isFalse();
        assertThat(Formula.parse("y ~ x - 1").intercept()).isFalse();
    }

    @Test
    void nested_random_intercepts_are_named_as_lme4_names_them() {
        Formula f = Formula.parse("alliance ~ session + (1 | group_id/member_id)");
        assertThat(f.random()).extracting(Formula.RandomTerm::groupName).containsExactly("member_id:group_id", "group_id");
        assertThat(f.groupingFactors()).containsExactlyInAnyOrder("group_id", "member_id");
    }

    @Test
    void a_random_slope_implies_the_intercept() {
        Formula.RandomTerm r = Formula.parse("y ~ t + (t | m)").random().get(0);
        assertThat(r.intercept()).isTrue();
        assertThat(r.terms()).extracting(Formula.Term::label).containsExactly("t");
    }

    @Test
    void r_style_names_with_dots_are_accepted_and_nonsense_is_refused() {
        assertThat(Formula.parse("WBEING ~ G.HRS").fixed().get(0).label()).isEqualTo("G.HRS");
        assertThatThrownBy(() -> Formula.parse("y x")).hasMessageContaining("no '~'");
        assertThatThrownBy(() -> Formula.parse("y ~ (1 | g")).hasMessageContaining("parentheses");
        assertThatThrownBy(() -> Formula.parse("y ~ log(x)")).hasMessageContaining("not a column name");
    }
}
