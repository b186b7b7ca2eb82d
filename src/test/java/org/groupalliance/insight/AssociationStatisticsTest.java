package org.groupalliance.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.groupalliance.insight.AssociationFixture.num;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.groupalliance.analysis.MixedModel;
import org.groupalliance.insight.Association.FitStatus;
import org.groupalliance.insight.Association.GroupLink;
import org.groupalliance.insight.Association.Link;
import org.groupalliance.insight.Association.Model;
import org.groupalliance.insight.Association.Period;
import org.groupalliance.insight.Association.WithinPerson;
import org.groupalliance.insight.AssociationStatistics.AllianceObs;
import org.groupalliance.insight.AssociationStatistics.MemberMean;
import org.groupalliance.measure.BuiltInInstruments;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.Phase;
import org.junit.jupiter.api.Test;

/**
 * Every association number against R (src/test/resources/insight/association.R, R 4.2.2, lme4
 * 1.1.31, lmerTest 3.1.3, pbkrtest 0.5, multilevel) on the script's data set, straight from its
 * CSV into the statistics (the same data go through the services in {@link AssociationServiceMariaDbTest}).
 *
 * <p>Tolerances: closed-form results (r, its interval, slope, its se and interval, R², residualised
 * gain, RCI, ICC, rwg(j)) 1e-10 relative; mixed models 1e-6 relative for estimates, 1e-4 relative for
 * se and df (Satterthwaite and Kenward–Roger); p compared relatively, |log p - log p_R| < 1e-3.
 * Every test loops over R's rows and checks the counts. The session-level model has the session
 * number as a covariate and the per-member within-person r is the partial r with the session trend
 * removed (t test on n - 3 df); the review's trending-but-unrelated data are in the script too.
 * rwg(j) is the mean over the period's sessions of multilevel::rwg.j on the members' responses at
 * each session (the script also keeps the old rule's value on member means, to show it was higher).
 */
class AssociationStatisticsTest {

    static final double CLOSED = 1e-10;

    static void close(double actual, double expected, double rel, String what) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
        } else {
            assertThat(actual).as(what).isCloseTo(expected, within(rel * Math.max(1, Math.abs(expected))));
        }
    }

    static void closeP(double actual, double expected, String what) {
        assertThat(Math.abs(Math.log(actual) - Math.log(expected))).as("log p of " + what + ": %s vs R %s", actual, expected).isLessThan(1e-3);
    }

    static Association.Choice choice(Period p) {
        return new Association.Choice("MEMBER-GROUP-ALLIANCE", Rater.MEMBER, p, "PHQ-9", "SESSION-OUTCOME-4");
    }

    static Map<String, List<MemberMean>> byGroup(Period p) {
        return AssociationStatistics.memberMeans(AssociationFixture.alliance(), p).stream()
                .collect(Collectors.groupingBy(MemberMean::group, java.util.LinkedHashMap::new, Collectors.toList()));
    }

    static GroupLink link(Period p, String group) {
        return AssociationStatistics.groupLink(choice(p), "Group " + group, byGroup(p).get(group), AssociationFixture.prePost(), 6.0, true,
                AssociationStatistics.ranvar(BuiltInInstruments.memberToGroupAlliance()));
    }

    @Test
    void per_group_correlations_and_regressions_agree_with_r() {
        List<Map<String, String>> expected = AssociationFixture.rows("expected-per-group.csv");
        assertThat(expected).hasSize(3 * AssociationFixture.GROUPS * 2);
        assertThat(expected).allSatisfy(e -> {
            GroupLink gl = link(Period.valueOf(e.get("period")), e.get("group"));
            Link l = e.get("target").equals("rg") ? gl.gain() : gl.rci();
            String what = e.get("period") + " group " + e.get("group") + " " + e.get("target");
            assertThat(l.correlation().n()).as(what).isEqualTo((int) num(e, "n"));
            assertThat(gl.membersComplete()).isEqualTo((int) num(e, "n"));
            close(l.correlation().r(), num(e, "r"), CLOSED, what + " r");
            close(l.correlation().ciLow(), num(e, "lo"), CLOSED, what + " ci low");
            close(l.correlation().ciHigh(), num(e, "hi"), CLOSED, what + " ci high");
            closeP(l.correlation().p(), num(e, "p"), what + " r");
            close(l.slope().slope(), num(e, "slope"), CLOSED, what + " slope");
            close(l.slope().se(), num(e, "slope_se"), CLOSED, what + " slope se");
            close(l.slope().ciLow(), num(e, "slope_lo"), CLOSED, what + " slope ci low");
            close(l.slope().ciHigh(), num(e, "slope_hi"), CLOSED, what + " slope ci high");
            closeP(l.slope().p(), num(e, "slope_p"), what + " slope");
            close(l.slope().rSquared(), num(e, "r2"), CLOSED, what + " R²");
            assertThat(gl.description()).as("6 members: description, not evidence").isTrue();
        });
    }

    @Test
    void residualised_gains_and_rci_agree_with_r() {
        List<Map<String, String>> expected = AssociationFixture.rows("expected-gains.csv");
        assertThat(expected).hasSize(3 * 23);
        assertThat(expected).allSatisfy(e -> {
            GroupLink gl = link(Period.valueOf(e.get("period")), e.get("group"));
            String member = AssociationFixture.member((int) num(e, "group"), (int) num(e, "member"));
            var m = gl.members().stream().filter(x -> x.member().equals(member)).findFirst().orElseThrow();
            close(m.alliance(), num(e, "alliance"), CLOSED, member + " alliance");
            close(m.residualisedGain(), num(e, "rg"), CLOSED, member + " residualised gain");
            close(m.rci(), num(e, "rci"), CLOSED, member + " rci");
        });
    }

    static void compareModel(Model model, List<Map<String, String>> expected, String what) {
        assertThat(model.status()).as(what).isEqualTo(FitStatus.FITTED);
        assertThat(model.terms()).as(what + " terms").hasSameSizeAs(expected);
        assertThat(expected).allSatisfy(e -> {
            String term = e.get("term");
            Association.Term t = model.term(term).orElseThrow(() -> new AssertionError(what + ": no term " + term));
            assertThat(model.nObs()).isEqualTo((int) num(e, "nobs"));
            assertThat(e.get("singular")).isEqualTo("FALSE");
            close(t.estimate(), num(e, "estimate"), 1e-6, what + " " + term + " estimate");
            close(t.se(), num(e, "se"), 1e-4, what + " " + term + " se");
            close(t.df(), num(e, "df"), 1e-4, what + " " + term + " df");
            closeP(t.p(), num(e, "p"), what + " " + term);
        });
    }

    static MixedModel.Ddf ddf(String r) {
        return r.equals("Kenward-Roger") ? MixedModel.Ddf.KENWARD_ROGER : MixedModel.Ddf.SATTERTHWAITE;
    }

    @Test
    void the_pooled_within_between_model_agrees_with_r_satterthwaite_and_kenward_roger() {
        List<Map<String, String>> expected = AssociationFixture.rows("expected-pooled.csv");
        Map<String, List<Map<String, String>>> byFit = expected.stream()
                .collect(Collectors.groupingBy(e -> e.get("period") + " " + e.get("ddf"), java.util.LinkedHashMap::new, Collectors.toList()));
        assertThat(byFit).hasSize(6);
        byFit.forEach((key, rows) -> {
            Period p = Period.valueOf(rows.getFirst().get("period"));
            Model m = AssociationStatistics.memberModel(AssociationStatistics.memberMeans(AssociationFixture.alliance(), p), AssociationFixture.prePost(),
                    ddf(rows.getFirst().get("ddf")));
            compareModel(m, rows, key);
        });
        // four groups: Kenward-Roger by default, and it says so
        Model auto = AssociationStatistics.memberModel(AssociationStatistics.memberMeans(AssociationFixture.alliance(), Period.WHOLE),
                AssociationFixture.prePost(), null);
        assertThat(auto.ddf()).isEqualTo(MixedModel.Ddf.KENWARD_ROGER);
        assertThat(auto.ddfReason()).contains("fewer than 20 groups (4)");
    }

    @Test
    void the_session_level_model_agrees_with_r() {
        List<Map<String, String>> expected = AssociationFixture.rows("expected-session-model.csv");
        var pairs = AssociationStatistics.pairs(AssociationFixture.alliance(), AssociationFixture.sessionOutcomes(), Period.WHOLE);
        for (String d : List.of("Satterthwaite", "Kenward-Roger")) {
            List<Map<String, String>> rows = expected.stream().filter(e -> e.get("ddf").equals(d)).toList();
            assertThat(rows).extracting(e -> e.get("term")).containsExactly("(Intercept)", "alliance_within", "alliance_between", "session");
            compareModel(AssociationStatistics.sessionModel(pairs, ddf(d)), rows, "session level " + d);
        }
    }

    /**
     * The statistics review's simulation (association.R, last part): alliance and outcome both rise
     * over 12 sessions and are otherwise unrelated. Without a session term the within effect was
     * 0.82 (t = 7.45) and the members' raw r had median +0.39; with the session covariate and the
     * session trend removed per member both are near zero, as in R.
     */
    @Test
    void trending_but_unrelated_series_give_a_within_effect_near_zero() {
        var pairs = AssociationStatistics.pairs(AssociationFixture.trendAlliance(), AssociationFixture.trendOutcomes(), Period.WHOLE);
        assertThat(pairs).hasSize(36 * 11);
        List<Map<String, String>> expected = AssociationFixture.rows("expected-trend-model.csv");
        for (String d : List.of("Satterthwaite", "Kenward-Roger")) {
            List<Map<String, String>> rows = expected.stream().filter(e -> e.get("ddf").equals(d)).toList();
            Model m = AssociationStatistics.sessionModel(pairs, ddf(d));
            Association.Term w = m.term("alliance_within").orElseThrow();
            assertThat(Math.abs(w.estimate())).as("within effect of unrelated series, " + d).isLessThan(0.25);
            assertThat(w.p()).as("p of the within effect, " + d).isGreaterThan(0.05);
            assertThat(w.ciLow()).isNegative();
            assertThat(w.ciHigh()).isPositive();
            compareModel(m, rows, "trend data " + d);
        }
        Map<String, WithinPerson> within = AssociationStatistics.withinPerson(pairs);
        List<Map<String, String>> rs = AssociationFixture.rows("expected-trend-within.csv");
        assertThat(within).hasSize(rs.size()).hasSize(36);
        assertThat(rs).allSatisfy(e -> {
            String member = AssociationFixture.trendMember(e.get("member"));
            close(within.get(member).correlation().r(), num(e, "r"), CLOSED, "trend data " + member + " r");
        });
        double[] r = within.values().stream().mapToDouble(x -> x.correlation().r()).sorted().toArray();
        assertThat((r[17] + r[18]) / 2).as("median within-person r, session trend removed").isBetween(-0.15, 0.15);
    }

    @Test
    void within_person_correlations_with_the_session_trend_removed_agree_with_r_and_need_six_pairs() {
        List<Map<String, String>> expected = AssociationFixture.rows("expected-within.csv");
        Map<String, WithinPerson> within = AssociationStatistics.withinPerson(
                AssociationStatistics.pairs(AssociationFixture.alliance(), AssociationFixture.sessionOutcomes(), Period.WHOLE));
        assertThat(within).hasSize(expected.size());
        assertThat(expected).allSatisfy(e -> {
            String member = AssociationFixture.member((int) num(e, "group"), (int) num(e, "member"));
            WithinPerson w = within.get(member);
            assertThat(w.pairs()).as(member).isEqualTo((int) num(e, "n"));
            if (e.get("r").equals("NA")) {
                assertThat(w.correlation()).as(member + ": fewer than 6 pairs").isNull();
                assertThat(w.note()).contains("6 needed");
            } else {
                close(w.correlation().r(), num(e, "r"), CLOSED, member + " r");
                close(w.correlation().ciLow(), num(e, "lo"), CLOSED, member + " ci low");
                close(w.correlation().ciHigh(), num(e, "hi"), CLOSED, member + " ci high");
                closeP(w.correlation().p(), num(e, "p"), member);
                // the t test's n - 3 df: closeP above compares the p R computed on R's df
            }
        });
    }

    @Test
    void a_within_person_series_with_no_variation_left_says_so() {
        List<AssociationStatistics.Pair> pairs = new java.util.ArrayList<>();
        for (int t = 1; t <= 7; t++) {
            pairs.add(new AssociationStatistics.Pair("g", "constant", t, 5.0, 10 + (t * 7) % 3));
            pairs.add(new AssociationStatistics.Pair("g", "linear", t, 2 + 0.5 * t, 10 + (t * 7) % 3));
            pairs.add(new AssociationStatistics.Pair("g", "varied", t, 2 + (t * 5) % 4, 10 + (t * 7) % 3));
        }
        Map<String, WithinPerson> within = AssociationStatistics.withinPerson(pairs);
        for (String m : List.of("constant", "linear")) {
            assertThat(within.get(m).correlation().r()).as(m).isNaN();
            assertThat(within.get(m).note()).as(m).isEqualTo("no variation to correlate");
        }
        assertThat(within.get("varied").correlation().r()).isNotNaN();
        assertThat(within.get("varied").note()).isEmpty();
    }

    @Test
    void icc_and_rwg_j_agree_with_r() {
        List<Map<String, String>> expected = AssociationFixture.rows("expected-aggregation.csv");
        assertThat(expected).hasSize(3 * AssociationFixture.GROUPS);
        double ranvar = AssociationStatistics.ranvar(BuiltInInstruments.memberToGroupAlliance());
        assertThat(ranvar).isEqualTo(4.0);
        assertThat(expected).allSatisfy(e -> {
            Period p = Period.valueOf(e.get("period"));
            Association.Aggregation a = AssociationStatistics.aggregation(AssociationStatistics.memberMeans(AssociationFixture.alliance(), p), Map.of(),
                    ranvar);
            close(a.icc1(), num(e, "icc1"), CLOSED, p + " ICC(1)");
            close(a.icc2(), num(e, "icc2"), CLOSED, p + " ICC(2)");
            var g = a.perGroup().stream().filter(x -> x.group().equals(e.get("group"))).findFirst().orElseThrow();
            close(g.rwgJ(), num(e, "rwgj"), CLOSED, p + " rwg(j) of group " + e.get("group") + ", mean over sessions");
            assertThat(g.sessions()).as(p + " sessions rwg(j) is the mean of").isEqualTo((int) num(e, "rwgj_sessions"));
            assertThat(a.words()).as("aggregation supported here").isEmpty();
        });
    }

    @Test
    void two_co_leaders_who_disagree_are_two_rows_of_rwg_j_not_their_average() {
        // each session both leaders rate all three members: one answers 1 to every item, the other 7; averaged per
        // member they would agree perfectly (every item 4, rwg(j) 1); as the six ratings they are, the items' variance
        // (10.8) exceeds the uniform null's (A^2 - 1) / 12 = 4 and rwg(j) is truncated to 0 (multilevel::rwg.j)
        List<AllianceObs> obs = new java.util.ArrayList<>();
        for (int session = 1; session <= 2; session++) {
            for (String member : List.of("m1", "m2", "m3")) {
                obs.add(new AllianceObs("g", member, session, Phase.EARLY, 1, new double[] {1, 1, 1, 1}));
                obs.add(new AllianceObs("g", member, session, Phase.EARLY, 7, new double[] {7, 7, 7, 7}));
            }
        }
        var agreement = AssociationStatistics.aggregation(AssociationStatistics.memberMeans(obs, Period.WHOLE), Map.of(), 4.0).perGroup();
        assertThat(agreement).singleElement().satisfies(g -> {
            assertThat(g.sessions()).isEqualTo(2);
            assertThat(g.rwgJ()).isCloseTo(0.0, within(1e-12));
        });
    }

    @Test
    void sessions_with_fewer_than_two_complete_rows_have_no_rwg_j_and_do_not_count() {
        // session 1: three complete members, items (1, 2), (2, 3), (3, 4): each item's variance 1, J = 2, null 4:
        // rwg(j) = J (1 - 1/4) / (J (1 - 1/4) + 1/4) = 1.5 / 1.75 (James, Demaree & Wolf 1984; multilevel::rwg.j).
        // Session 2: one complete member and one with a missing item: no rwg(j); the mean is over session 1 alone
        List<AllianceObs> obs = List.of(
                new AllianceObs("g", "m1", 1, Phase.EARLY, 1.5, new double[] {1, 2}),
                new AllianceObs("g", "m2", 1, Phase.EARLY, 2.5, new double[] {2, 3}),
                new AllianceObs("g", "m3", 1, Phase.EARLY, 3.5, new double[] {3, 4}),
                new AllianceObs("g", "m1", 2, Phase.EARLY, 7, new double[] {7, 7}),
                new AllianceObs("g", "m2", 2, Phase.EARLY, 1, new double[] {1, Double.NaN}));
        var agreement = AssociationStatistics.aggregation(AssociationStatistics.memberMeans(obs, Period.WHOLE), Map.of(), 4.0).perGroup();
        assertThat(agreement).singleElement().satisfies(g -> {
            assertThat(g.sessions()).isEqualTo(1);
            assertThat(g.rwgJ()).isCloseTo(1.5 / 1.75, within(1e-12));
        });
    }

    static MemberMean oneSession(String group, String member, double mean, double[] items) {
        return new MemberMean(group, member, 1, mean, items, Map.of(1, List.of(items)));
    }

    @Test
    void aggregation_not_supported_is_said_in_plain_words() {
        // members who disagree on every item and groups that do not differ
        List<MemberMean> means = List.of(oneSession("a", "1", 2, new double[] {1, 1, 7, 7}), oneSession("a", "2", 6, new double[] {7, 7, 1, 1}),
                oneSession("b", "3", 2, new double[] {1, 7, 1, 7}), oneSession("b", "4", 6, new double[] {7, 1, 7, 1}));
        Association.Aggregation a = AssociationStatistics.aggregation(means, Map.of("a", "Group A", "b", "Group B"), 4.0);
        assertThat(a.icc1()).isLessThan(0.05);
        assertThat(a.words()).anySatisfy(w -> assertThat(w).contains("ICC(1)", "under .05"));
        assertThat(a.words()).anySatisfy(w -> assertThat(w).startsWith("Group A: rwg(j)").contains("mean over 1 session)", "under .70"));
    }

    /**
     * Two members who answer 1 and 7 at one session and the other way round at the next: their means
     * over the sessions are identical (rwg(j) of member means 1.0, the old rule), but at no session do
     * they agree. rwg(j) per session, averaged: 0 (s̄² = 18 truncated at ranvar 4).
     */
    @Test
    void rwg_j_is_computed_per_session_and_averaged_never_on_members_means() {
        List<AllianceObs> obs = new java.util.ArrayList<>();
        for (int s = 1; s <= 4; s++) {
            double x = s % 2 == 0 ? 1 : 7;
            obs.add(new AllianceObs("g", "1", s, Phase.EARLY, x, new double[] {x, x, x, x}));
            obs.add(new AllianceObs("g", "2", s, Phase.EARLY, 8 - x, new double[] {8 - x, 8 - x, 8 - x, 8 - x}));
        }
        List<MemberMean> means = AssociationStatistics.memberMeans(obs, Period.WHOLE);
        assertThat(means).allSatisfy(m -> assertThat(m.items()).containsOnly(4.0));
        Association.GroupAgreement g = AssociationStatistics.agreement("g", means, 4.0);
        assertThat(g.sessions()).isEqualTo(4);
        assertThat(g.rwgJ()).as("mean of per-session rwg(j)").isEqualTo(0.0);
        assertThat(g.mean()).isEqualTo(4.0);
    }

    @Test
    void a_singular_fit_is_shown_as_such_never_as_numbers() {
        // outcome with no group variance at all: lme4 puts the group variance on the boundary
        List<MemberMean> means = new java.util.ArrayList<>();
        Map<String, AssociationStatistics.PrePost> pp = new java.util.HashMap<>();
        double[] alliance = {3, 4, 5, 6, 3.5, 4.5, 5.5, 6.5, 3.2, 4.1, 5.3, 6.2};
        double[] noise = {0.3, -0.2, 0.1, -0.4, 0.2, 0.0, -0.1, 0.3, -0.3, 0.1, 0.2, -0.2};
        for (int i = 0; i < 12; i++) {
            String m = "m" + i;
            means.add(new MemberMean("g" + (i % 3), m, 4, alliance[i], new double[0]));
            pp.put(m, new AssociationStatistics.PrePost(m, 10 + i % 4, 20 - alliance[i] + noise[i]));
        }
        Model model = AssociationStatistics.memberModel(means, pp, null);
        assertThat(model.status()).isEqualTo(FitStatus.SINGULAR);
        assertThat(model.terms()).isEmpty();
        assertThat(model.message()).contains("Singular fit");
    }
}
