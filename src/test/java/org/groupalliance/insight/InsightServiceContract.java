package org.groupalliance.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.groupalliance.support.Actors.as;

import java.util.List;

import org.groupalliance.base.NotFoundException;
import org.groupalliance.insight.chart.LineChart;
import org.groupalliance.roster.Group;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.access.AccessDeniedException;

/** The insight service against numbers R computed (src/test/resources/insight/make-fixtures.R), and who may see them. */
abstract class InsightServiceContract {

    @Autowired ApplicationContext applicationContext;
    @Autowired InsightService insight;
    Account anna;
    Account ben;
    Account olga;
    Account admin;
    Group group;
    org.groupalliance.support.TestGroups.TestGroup fixture;
    org.groupalliance.base.SiteId site;

    @BeforeEach
    void setUp() {
        Actors actors = new Actors(applicationContext);
        site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        ben = actors.newUser(Role.FACILITATOR, site);
        olga = actors.newUser(Role.OBSERVER, site);
        admin = actors.newUser(Role.ADMIN, null);
        fixture = InsightFixture.build(applicationContext, anna, site);
        group = fixture.group();
    }

    InstrumentInsight alliance(Account who) {
        GroupInsight gi = as(who, () -> insight.forGroup(group.id()));
        assertThat(gi.instruments()).extracting(InstrumentInsight::instrumentCode).containsExactly("SESSION-ALLIANCE-4");
        return gi.instruments().getFirst();
    }

    @Test
    void session_means_sd_and_n_agree_with_r_and_session_4_is_a_gap() {
        InstrumentInsight ii = alliance(anna);
        List<SessionPoint> mean = ii.points().stream().filter(p -> p.series().equals("Members' mean")).toList();
        List<String[]> expected = InsightFixture.csv("expected-sessions.csv");
        assertThat(mean).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            String[] e = expected.get(i);
            SessionPoint p = mean.get(i);
            assertThat(p.session()).isEqualTo(Integer.parseInt(e[0]));
            assertThat(p.n()).as("n at session %s", e[0]).isEqualTo(Integer.parseInt(e[1]));
            if (e[2].equals("NA")) {
                assertThat(p.mean()).isNaN();
            } else {
                assertThat(p.mean()).as("mean at session %s", e[0]).isCloseTo(Double.parseDouble(e[2]), within(1e-9));
                assertThat(p.sd()).as("sd at session %s", e[0]).isCloseTo(Double.parseDouble(e[3]), within(1e-9));
            }
        }
        LineChart.Series line = ii.chart().series().stream().filter(s -> s.style() == LineChart.Style.MEAN).findFirst().orElseThrow();
        assertThat(line.points()).filteredOn(p -> p.session() == 4).singleElement().satisfies(p -> assertThat(p.value()).isNull());
        LineChart.Series each = ii.chart().series().stream().filter(s -> s.style() == LineChart.Style.POINTS).findFirst().orElseThrow();
        assertThat(each.points()).hasSize(InsightFixture.csv("forms.csv").size());
    }

    @Test
    void the_chart_spans_the_instrument_range_with_cutoff_and_phases() {
        LineChart c = alliance(anna).chart();
        assertThat(c.yMin()).isEqualTo(0);
        assertThat(c.yMax()).isEqualTo(40);
        assertThat(c.cutoff()).isEqualTo(36.0);
        assertThat(c.higherIsWorse()).isFalse();
        assertThat(c.lastSession()).isEqualTo(12);
        assertThat(c.phases()).extracting(LineChart.Phase::from).containsExactly(1, 5, 9);
    }

    @Test
    void the_members_table_agrees_with_r() {
        List<MemberRow> rows = alliance(anna).members();
        List<String[]> expected = InsightFixture.csv("expected-members.csv");
        assertThat(rows).hasSize(3);
        for (String[] e : expected) {
            MemberRow r = rows.get(Integer.parseInt(e[0]) - 1);
            assertThat(r.ratings()).as("ratings of member %s", e[0]).isEqualTo(Integer.parseInt(e[1]));
            assertThat(r.first()).isEqualTo(Double.parseDouble(e[2]));
            assertThat(r.latest()).isEqualTo(Double.parseDouble(e[3]));
            assertThat(r.change()).isEqualTo(Double.parseDouble(e[4]));
            assertThat(r.slope()).as("slope of member %s", e[0]).isCloseTo(Double.parseDouble(e[5]), within(1e-12));
            assertThat(r.earlyMean()).isCloseTo(Double.parseDouble(e[6]), within(1e-12));
            assertThat(r.middleMean()).isCloseTo(Double.parseDouble(e[7]), within(1e-12));
            assertThat(r.lateMean()).isNaN();
        }
        assertThat(rows).extracting(MemberRow::sessionsAttended).containsExactly(6, 5, 6);
        assertThat(rows).extracting(MemberRow::latestSession).containsOnly(6);
    }

    /**
     * forGroup reads all of a group's ratings and attendance in two set-based queries: another
     * group's ratings and attendance (same leader, same instrument, same session numbers) stay out,
     * and late or leaving early counts as attended while absent does not.
     */
    @Test
    void another_groups_ratings_stay_out_and_late_or_left_early_count_as_attended() {
        InsightFixture.build(applicationContext, anna, site);
        var sessions = applicationContext.getBean(org.groupalliance.roster.SessionService.class);
        org.groupalliance.roster.GroupSession first = as(anna, () -> sessions.findByGroup(group.id())).getFirst();
        as(anna, () -> sessions.recordAttendance(first.id(), first.version(), java.util.Map.of(fixture.member(1).id(), org.groupalliance.roster.AttendanceStatus.PRESENT,
                fixture.member(2).id(), org.groupalliance.roster.AttendanceStatus.LATE, fixture.member(3).id(), org.groupalliance.roster.AttendanceStatus.LEFT_EARLY)));
        InstrumentInsight ii = alliance(anna);
        assertThat(ii.members()).extracting(MemberRow::sessionsAttended).containsExactly(6, 5, 6);
        assertThat(ii.members()).extracting(MemberRow::ratings).containsExactlyElementsOf(
                InsightFixture.csv("expected-members.csv").stream().map(e -> Integer.parseInt(e[1])).toList());
        List<String[]> expected = InsightFixture.csv("expected-sessions.csv");
        List<SessionPoint> mean = ii.points().stream().filter(p -> p.series().equals("Members' mean")).toList();
        for (int i = 0; i < expected.size(); i++) {
            assertThat(mean.get(i).n()).as("n at session %s", expected.get(i)[0]).isEqualTo(Integer.parseInt(expected.get(i)[1]));
        }
    }

    @Test
    void another_leader_and_an_observer_see_nothing_and_admins_see_codes_only() {
        assertThatThrownBy(() -> as(ben, () -> insight.forGroup(group.id()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(olga, () -> insight.forGroup(group.id()))).isInstanceOf(AccessDeniedException.class);
        assertThat(alliance(anna).members().getFirst().member()).endsWith("(Fictional One)");
        List<MemberRow> rows = alliance(admin).members();
        assertThat(rows).extracting(MemberRow::member).allSatisfy(m -> assertThat(m).doesNotContain("Fictional"));
    }
}
