package org.groupalliance.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.groupalliance.support.Actors.as;

import java.util.List;

import org.groupalliance.analysis.ReliableChange;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.capture.ExpectedForms;
import org.groupalliance.insight.chart.LineChart;
import org.groupalliance.roster.Member;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.access.AccessDeniedException;

/**
 * Congruence (against R: src/test/resources/insight/make-member-fixtures.R), outcome change class,
 * completeness (counted by hand from the fixture) and the member page, and who may see them.
 */
abstract class MemberInsightContract {

    /** Congruence numbers are means and least-squares slopes of small integers: R and Java agree to rounding. */
    static final double TOLERANCE = 1e-12;

    @Autowired ApplicationContext applicationContext;
    @Autowired InsightService insight;
    @Autowired MemberInsightService members;
    Account anna;
    Account ben;
    Account carl;
    Account olga;
    Account admin;
    MemberInsightFixture.Built fixture;

    @BeforeEach
    void setUp() {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        ben = actors.newUser(Role.FACILITATOR, site);
        carl = actors.newUser(Role.FACILITATOR, site);
        olga = actors.newUser(Role.OBSERVER, site);
        admin = actors.newUser(Role.ADMIN, null);
        fixture = MemberInsightFixture.build(applicationContext, anna, ben, site);
    }

    List<MemberRow> gtbRows(Account who) {
        GroupInsight gi = as(who, () -> insight.forGroup(fixture.group().id()));
        return gi.instruments().stream().filter(i -> i.instrumentCode().equals("GTB-12")).findFirst().orElseThrow().members();
    }

    @Test
    void congruence_in_the_members_table_agrees_with_r() {
        List<MemberRow> rows = gtbRows(anna);
        List<String[]> expected = InsightFixture.csv("expected-congruence.csv");
        assertThat(expected).hasSize(3);
        for (String[] e : expected) {
            Congruence c = rows.get(Integer.parseInt(e[0]) - 1).congruence();
            assertThat(c.pairs()).as("pairs of member %s", e[0]).isEqualTo(Integer.parseInt(e[1]));
            assertThat(c.meanDifference()).as("mean difference of member %s", e[0]).isCloseTo(Double.parseDouble(e[2]), within(TOLERANCE));
            assertThat(c.sdDifference()).as("SD of member %s", e[0]).isCloseTo(Double.parseDouble(e[3]), within(TOLERANCE));
            assertThat(c.slope()).as("slope of member %s", e[0]).isCloseTo(Double.parseDouble(e[4]), within(TOLERANCE));
        }
        // session 2: both leaders rated member 1 (46 and 50); their mean is the leaders' rating
        assertThat(rows.getFirst().congruence().perSession()).filteredOn(p -> p.session() == 2).singleElement()
                .satisfies(p -> {
                    assertThat(p.leaders()).isEqualTo(2);
                    assertThat(p.leader()).isEqualTo(48.0);
                    assertThat(p.own()).isEqualTo(50.0);
                });
    }

    @Test
    void the_members_table_has_the_change_since_the_previous_rating_and_the_outcome_change_class() {
        List<MemberRow> rows = gtbRows(anna);
        // member 1: 45 at session 3, 52 at session 4; member 2: no form at 3, so 36 -> 37 -> 40, previous is session 2
        assertThat(rows.get(0).previousSession()).isEqualTo(3);
        assertThat(rows.get(0).changeFromPrevious()).isEqualTo(7.0);
        assertThat(rows.get(1).previousSession()).isEqualTo(2);
        assertThat(rows.get(1).changeFromPrevious()).isEqualTo(3.0);
        // PHQ-9, reliable change 6, clinical at 10 or more: 15 -> 8 recovered, 8 -> 15 deteriorated, 20 -> 12 improved
        assertThat(rows).extracting(r -> r.outcomes().getFirst().category())
                .containsExactly(ReliableChange.Category.RECOVERED, ReliableChange.Category.DETERIORATED, ReliableChange.Category.IMPROVED);
        assertThat(rows.getFirst().outcomes().getFirst()).satisfies(o -> {
            assertThat(o.instrumentCode()).isEqualTo("PHQ-9");
            assertThat(o.pre()).isEqualTo(15.0);
            assertThat(o.post()).isEqualTo(8.0);
            assertThat(o.change()).isEqualTo(-7.0);
        });
        assertThat(rows).extracting(MemberRow::outcomeSummary).containsExactly("PHQ-9 recovered", "PHQ-9 deteriorated", "PHQ-9 improved");
    }

    @Test
    void completeness_counts_planned_forms_received_per_session_and_per_member() {
        GroupCompleteness c = as(anna, () -> members.completeness(fixture.group().id()));
        // per session: members' forms of those present plus the leaders' form about each of them
        assertThat(c.sessions()).extracting(r -> r.session() + ":" + r.forms().received() + "/" + r.forms().planned())
                .containsExactly("1:5/6", "2:3/4", "3:3/6", "4:6/6");
        assertThat(c.total().planned()).isEqualTo(22);
        assertThat(c.total().received()).isEqualTo(17);
        assertThat(c.total().notPlanned()).isZero();
        assertThat(c.members()).extracting(r -> r.own().received() + "/" + r.own().planned()).containsExactly("4/4", "3/4", "3/3");
        assertThat(c.members()).extracting(r -> r.about().received() + "/" + r.about().planned()).containsExactly("3/4", "2/4", "2/3");
    }

    @Test
    void the_member_page_has_own_and_leaders_lines_subscales_items_outcomes_attendance_and_completeness() {
        Member m1 = fixture.member(1);
        MemberInsight page = as(anna, () -> members.forMember(fixture.group().id(), m1.id()));
        assertThat(page.member()).endsWith("(Fictional Member)");
        assertThat(page.attendance()).extracting(MemberInsight.Attendance::status).containsExactly("Present", "Present", "Present", "Present");
        MemberInsight.Instrument gtb = page.instruments().stream().filter(i -> i.code().equals("GTB-12")).findFirst().orElseThrow();
        assertThat(gtb.total().series()).extracting(LineChart.Series::name).containsExactly("Own rating", "Leaders about this member");
        assertThat(gtb.points()).filteredOn(p -> p.chart().equals("total") && p.series().equals("Own rating")).extracting(MemberInsight.Point::value)
                .containsExactly(48.0, 50.0, 45.0, 52.0);
        assertThat(gtb.points()).filteredOn(p -> p.chart().equals("total") && p.series().equals("Leaders about this member"))
                .extracting(p -> p.session() + ":" + p.n() + ":" + p.value()).containsExactly("1:1:44.0", "2:2:48.0", "3:0:NaN", "4:1:48.0");
        // the chart draws exactly the table: a session without a leader's rating is a gap
        LineChart.Series leaders = gtb.total().series().get(1);
        assertThat(leaders.points()).filteredOn(p -> p.session() == 3).singleElement().satisfies(p -> assertThat(p.value()).isNull());
        assertThat(gtb.subscales()).isNotNull();
        assertThat(gtb.subscales().series()).extracting(LineChart.Series::name).containsExactly("Task", "Bond", "Goal");
        // session 3: items 10-12 were 3, the rest 4; Task = items 1, 2, 10, 12 = 4 + 4 + 3 + 3
        assertThat(gtb.points()).filteredOn(p -> p.chart().equals("subscales") && p.series().equals("Task") && p.session() == 3)
                .singleElement().satisfies(p -> assertThat(p.value()).isEqualTo(14.0));
        assertThat(gtb.subscales().yMin()).isEqualTo(4.0);
        assertThat(gtb.subscales().yMax()).isEqualTo(20.0);
        assertThat(gtb.items()).hasSize(4);
        assertThat(gtb.items().get(2).responses().subList(9, 12)).containsExactly(3.0, 3.0, 3.0);
        assertThat(gtb.congruence().meanDifference()).isCloseTo(10.0 / 3, within(TOLERANCE));
        assertThat(page.outcomes()).extracting(o -> o.instrumentCode() + " " + o.when() + " " + o.total())
                .containsExactlyInAnyOrder("PHQ-9 Baseline 15.0", "PHQ-9 Post 8.0");
        assertThat(page.changes()).extracting(OutcomeClass::category).containsExactly(ReliableChange.Category.RECOVERED);
        assertThat(page.ownForms()).isEqualTo(new ExpectedForms.Count(4, 4));
        assertThat(page.formsAbout()).isEqualTo(new ExpectedForms.Count(4, 3));

        MemberInsight third = as(anna, () -> members.forMember(fixture.group().id(), fixture.member(3).id()));
        assertThat(third.attendance()).extracting(MemberInsight.Attendance::status).containsExactly("Present", "Absent", "Present", "Present");
    }

    @Test
    void another_facilitator_gets_not_found_an_observer_is_refused_and_an_admin_sees_codes_only() {
        var group = fixture.group().id();
        var m1 = fixture.member(1).id();
        assertThatThrownBy(() -> as(carl, () -> members.forMember(group, m1))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(carl, () -> members.completeness(group))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(olga, () -> members.forMember(group, m1))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(olga, () -> members.completeness(group))).isInstanceOf(AccessDeniedException.class);
        // a member of another of anna's groups is not found under this group's address
        TestGroups.TestGroup other = TestGroups.closedGroup(applicationContext, anna, siteOf(), "Other ", 1);
        assertThatThrownBy(() -> as(anna, () -> members.forMember(group, other.member(1).id()))).isInstanceOf(NotFoundException.class);
        // co-leader sees the name; the admin sees codes only, on the page, in the table and in completeness
        assertThat(as(ben, () -> members.forMember(group, m1)).member()).endsWith("(Fictional Member)");
        assertThat(as(admin, () -> members.forMember(group, m1)).member()).isEqualTo(fixture.member(1).code());
        assertThat(gtbRows(admin)).extracting(MemberRow::member).allSatisfy(m -> assertThat(m).doesNotContain("Fictional"));
        assertThat(as(admin, () -> members.completeness(group)).members()).extracting(GroupCompleteness.MemberCompletenessRow::member)
                .allSatisfy(m -> assertThat(m).doesNotContain("Fictional"));
    }

    private org.groupalliance.base.SiteId siteOf() {
        return fixture.group().data().siteId();
    }
}
