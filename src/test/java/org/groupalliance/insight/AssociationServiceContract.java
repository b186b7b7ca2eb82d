package org.groupalliance.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.insight.AssociationFixture.num;
import static org.groupalliance.insight.AssociationStatisticsTest.close;
import static org.groupalliance.insight.AssociationStatisticsTest.closeP;
import static org.groupalliance.support.Actors.as;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.groupalliance.analysis.MixedModel;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.insight.Association.GroupLink;
import org.groupalliance.insight.Association.Link;
import org.groupalliance.insight.Association.Period;
import org.groupalliance.insight.Association.Pooled;
import org.groupalliance.insight.Association.WithinPerson;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberData;
import org.groupalliance.roster.MemberService;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.access.AccessDeniedException;

/**
 * The association service on R's data set stored through the real services (capture, outcome,
 * roster): every number against src/test/resources/insight/association.R (tolerances as
 * {@link AssociationStatisticsTest}), and who sees what. The data are built once per test context.
 */
abstract class AssociationServiceContract {

    @Autowired ApplicationContext applicationContext;
    @Autowired AssociationService association;

    static Account anna;
    static Account ben;
    static Account olga;
    static Account rita;
    static Account otherResearcher;
    static Account admin;
    static AssociationDbFixture.Data data;

    @BeforeEach
    void setUp() {
        if (data != null) {
            Actors.useSecurityOf(applicationContext);
            return;
        }
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        ben = actors.newUser(Role.FACILITATOR, site);
        olga = actors.newUser(Role.OBSERVER, site);
        rita = actors.newUser(Role.RESEARCHER, site);
        otherResearcher = actors.newUser(Role.RESEARCHER, actors.newSite());
        admin = actors.newUser(Role.ADMIN, null);
        data = AssociationDbFixture.build(applicationContext, anna, ben, site);
        // a display name that only the group's leaders may ever see
        Member first = data.group(1).member(1);
        MemberData d = first.data();
        as(anna, () -> applicationContext.getBean(MemberService.class).update(first.id(), first.version(),
                new MemberData(d.memberCode(), "Fictional Person", d.joinedSession(), d.leftSession(), d.endStatus(), d.endReason())));
    }

    static Association.Choice choice(Period p) {
        return new Association.Choice("MEMBER-GROUP-ALLIANCE", Rater.MEMBER, p, "PHQ-9", "SESSION-OUTCOME-4");
    }

    Account leaderOf(int group) {
        return group == 4 ? ben : anna;
    }

    @Test
    void the_plan_offers_its_measures_and_the_default_is_members_whole_course_and_phq9() {
        Association.Options o = as(anna, () -> association.options(data.group(1).group().id()));
        assertThat(o.measures()).extracting(Association.Measure::code).containsExactly("MEMBER-GROUP-ALLIANCE");
        assertThat(o.outcomes()).extracting(Association.Outcome::code).containsExactly("PHQ-9");
        assertThat(o.defaultChoice()).isEqualTo(choice(Period.WHOLE));
    }

    @Test
    void per_group_numbers_through_the_services_agree_with_r() {
        List<Map<String, String>> expected = AssociationFixture.rows("expected-per-group.csv");
        assertThat(expected).hasSize(24);
        assertThat(expected).allSatisfy(e -> {
            int g = (int) num(e, "group");
            GroupLink gl = as(leaderOf(g), () -> association.forGroup(data.group(g).group().id(), choice(Period.valueOf(e.get("period")))));
            Link l = e.get("target").equals("rg") ? gl.gain() : gl.rci();
            String what = e.get("period") + " group " + g + " " + e.get("target");
            assertThat(l.correlation().n()).as(what).isEqualTo((int) num(e, "n"));
            close(l.correlation().r(), num(e, "r"), 1e-10, what + " r");
            close(l.correlation().ciLow(), num(e, "lo"), 1e-10, what + " ci low");
            close(l.correlation().ciHigh(), num(e, "hi"), 1e-10, what + " ci high");
            closeP(l.correlation().p(), num(e, "p"), what);
            close(l.slope().slope(), num(e, "slope"), 1e-10, what + " slope");
            close(l.slope().rSquared(), num(e, "r2"), 1e-10, what + " R²");
            assertThat(gl.description()).isTrue();
        });
    }

    @Test
    void residualised_gains_through_the_services_agree_with_r_and_members_are_codes() {
        List<Map<String, String>> expected = AssociationFixture.rows("expected-gains.csv").stream().filter(e -> e.get("period").equals("WHOLE")).toList();
        assertThat(expected).hasSize(23);
        assertThat(expected).allSatisfy(e -> {
            int g = (int) num(e, "group");
            GroupLink gl = as(leaderOf(g), () -> association.forGroup(data.group(g).group().id(), choice(Period.WHOLE)));
            String code = data.group(g).member((int) num(e, "member")).code();
            var m = gl.members().stream().filter(x -> x.member().equals(code)).findFirst().orElseThrow();
            close(m.residualisedGain(), num(e, "rg"), 1e-10, code + " residualised gain");
            close(m.rci(), num(e, "rci"), 1e-10, code + " rci");
        });
        GroupLink g1 = as(anna, () -> association.forGroup(data.group(1).group().id(), choice(Period.WHOLE)));
        assertThat(g1.members()).extracting(Association.MemberLink::member).allSatisfy(m -> assertThat(m).doesNotContain("Fictional"));
        GroupLink g3 = as(anna, () -> association.forGroup(data.group(3).group().id(), choice(Period.WHOLE)));
        assertThat(g3.notes()).anySatisfy(n -> assertThat(n).contains("1 of 6 members", "lack a baseline or post"));
    }

    static void compare(Association.Model model, List<Map<String, String>> rows, String what) {
        AssociationStatisticsTest.compareModel(model, rows, what);
    }

    @Test
    void pooled_models_for_a_researcher_of_the_site_agree_with_r_satterthwaite_and_kenward_roger() {
        List<Map<String, String>> expected = AssociationFixture.rows("expected-pooled.csv").stream().filter(e -> e.get("period").equals("WHOLE")).toList();
        List<Map<String, String>> session = AssociationFixture.rows("expected-session-model.csv");
        for (String d : List.of("Satterthwaite", "Kenward-Roger")) {
            Pooled p = as(rita, () -> association.pooled(choice(Period.WHOLE), AssociationStatisticsTest.ddf(d)));
            compare(p.memberModel(), expected.stream().filter(e -> e.get("ddf").equals(d)).toList(), "pooled " + d);
            compare(p.sessionModel(), session.stream().filter(e -> e.get("ddf").equals(d)).toList(), "session level " + d);
        }
        Pooled auto = as(rita, () -> association.pooled(choice(Period.WHOLE)));
        assertThat(auto.memberModel().ddf()).isEqualTo(MixedModel.Ddf.KENWARD_ROGER);
        assertThat(auto.memberModel().ddfReason()).contains("Kenward–Roger", "(4)");
        assertThat(auto.members()).isEqualTo(23);
        assertThat(auto.description()).as("4 groups, 23 members: evidence, not only description").isFalse();
    }

    @Test
    void aggregation_evidence_through_the_services_agrees_with_r() {
        List<Map<String, String>> expected = AssociationFixture.rows("expected-aggregation.csv");
        assertThat(expected).hasSize(12);
        assertThat(expected).allSatisfy(e -> {
            Pooled p = as(rita, () -> association.pooled(choice(Period.valueOf(e.get("period")))));
            close(p.aggregation().icc1(), num(e, "icc1"), 1e-10, "ICC(1)");
            close(p.aggregation().icc2(), num(e, "icc2"), 1e-10, "ICC(2)");
            var g = p.aggregation().perGroup().get((int) num(e, "group") - 1);
            assertThat(g.group()).isEqualTo("Group " + e.get("group"));
            close(g.rwgJ(), num(e, "rwgj"), 1e-10, "rwg(j) of group " + e.get("group"));
            assertThat(g.sessions()).isEqualTo((int) num(e, "rwgj_sessions"));
        });
    }

    @Test
    void within_person_correlations_by_member_agree_with_r() {
        List<Map<String, String>> expected = AssociationFixture.rows("expected-within.csv");
        assertThat(expected).hasSize(24);
        Map<Integer, Map<MemberId, WithinPerson>> byGroup = new java.util.HashMap<>();
        assertThat(expected).allSatisfy(e -> {
            int g = (int) num(e, "group");
            Map<MemberId, WithinPerson> w = byGroup.computeIfAbsent(g,
                    k -> as(leaderOf(k), () -> association.withinPersonByMember(data.group(k).group().id(), choice(Period.WHOLE))));
            assertThat(w).hasSize(6);
            WithinPerson one = w.get(data.group(g).member((int) num(e, "member")).id());
            assertThat(one.pairs()).isEqualTo((int) num(e, "n"));
            if (e.get("r").equals("NA")) {
                assertThat(one.correlation()).isNull();
            } else {
                close(one.correlation().r(), num(e, "r"), 1e-10, "within-person r");
                close(one.correlation().ciLow(), num(e, "lo"), 1e-10, "within-person ci low");
                close(one.correlation().ciHigh(), num(e, "hi"), 1e-10, "within-person ci high");
                AssociationStatisticsTest.closeP(one.correlation().p(), num(e, "p"), "within-person r");
            }
        });
    }

    @Test
    void the_summary_answers_in_one_sentence_with_n_and_interval_and_says_it_is_description() {
        AssociationSummary s = as(anna, () -> association.summaryFor(data.group(1).group().id()));
        Map<String, String> r = AssociationFixture.rows("expected-per-group.csv").stream()
                .filter(e -> e.get("period").equals("WHOLE") && e.get("group").equals("1") && e.get("target").equals("rg")).findFirst().orElseThrow();
        // PHQ-9: higher is worse, so a negative r with the residualised gain is more improvement
        assertThat(num(r, "r")).isNegative();
        assertThat(s.sentence()).startsWith("In this group, members who rated the alliance higher clearly improved more on PHQ-9")
                .contains("r = " + AssociationText.num(num(r, "r")), "95 % CI", "n = 6").endsWith(".");
        assertThat(s.sentence().split("\\. ")).hasSize(1);
        assertThat(s.caveat()).contains("With 6 members this describes the group; it is not evidence");
        assertThat(s.numbers()).hasSize(2).allSatisfy(l -> assertThat(l).contains("n = 6", "95 % CI"));
    }

    @Test
    void a_facilitator_pools_only_own_groups_with_names_and_another_leader_sees_nothing_of_them() {
        Pooled p = as(anna, () -> association.pooled(choice(Period.WHOLE)));
        assertThat(p.groups()).containsExactly(data.group(1).group().name(), data.group(2).group().name(), data.group(3).group().name());
        assertThat(p.members()).isEqualTo(17);
        assertThat(p.aggregation().groups()).isEqualTo(3);
        Pooled b = as(ben, () -> association.pooled(choice(Period.WHOLE)));
        assertThat(b.groups()).containsExactly(data.group(4).group().name());
        assertThat(b.memberModel().status()).isEqualTo(Association.FitStatus.TOO_FEW);
        assertThat(b.memberModel().terms()).isEmpty();
        assertThat(b.description()).isTrue();
        assertThat(b.notes()).anySatisfy(n -> assertThat(n).contains("description, not evidence"));
        assertThatThrownBy(() -> as(ben, () -> association.forGroup(data.group(1).group().id(), choice(Period.WHOLE)))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(ben, () -> association.withinPersonByMember(data.group(1).group().id(), choice(Period.WHOLE))))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(ben, () -> association.summaryFor(data.group(1).group().id()))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void observers_get_nothing() {
        var id = data.group(1).group().id();
        assertThatThrownBy(() -> as(olga, () -> association.forGroup(id, choice(Period.WHOLE)))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(olga, () -> association.pooled(choice(Period.WHOLE)))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(olga, () -> association.summaryFor(id))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(olga, () -> association.withinPersonByMember(id, choice(Period.WHOLE)))).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void researchers_pool_their_sites_groups_pseudonymised_and_see_no_single_group() {
        Pooled p = as(rita, () -> association.pooled(choice(Period.WHOLE)));
        assertThat(p.groups()).containsExactly("Group 1", "Group 2", "Group 3", "Group 4");
        assertThat(p.aggregation().perGroup()).extracting(Association.GroupAgreement::group).containsExactly("Group 1", "Group 2", "Group 3", "Group 4");
        assertThat(p.toString()).doesNotContain("Association group", "Fictional", data.group(1).member(1).code());
        Pooled other = as(otherResearcher, () -> association.pooled(choice(Period.WHOLE)));
        assertThat(other.groups()).isEmpty();
        assertThat(other.memberModel().status()).isEqualTo(Association.FitStatus.TOO_FEW);
        assertThatThrownBy(() -> as(rita, () -> association.forGroup(data.group(1).group().id(), choice(Period.WHOLE))))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(rita, () -> association.withinPersonByMember(data.group(1).group().id(), choice(Period.WHOLE))))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void admins_see_codes_only() {
        GroupLink gl = as(admin, () -> association.forGroup(data.group(1).group().id(), choice(Period.WHOLE)));
        assertThat(gl.members()).extracting(Association.MemberLink::member)
                .containsExactlyInAnyOrderElementsOf(data.group(1).members().stream().map(Member::code).collect(Collectors.toList()));
        assertThat(gl.toString()).doesNotContain("Fictional");
        AssociationSummary s = as(admin, () -> association.summaryFor(data.group(1).group().id()));
        assertThat(s.toString()).doesNotContain("Fictional");
    }
}
