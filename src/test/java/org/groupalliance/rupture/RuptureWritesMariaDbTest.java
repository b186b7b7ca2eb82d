package org.groupalliance.rupture;

import org.groupalliance.support.StatementCounter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.util.List;
import java.util.Locale;

import org.groupalliance.capture.MemberForm;
import org.groupalliance.security.SystemActor;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * The evaluation writes only differences: nothing when nothing changed, and one UPDATE that gives
 * each changed alert its own new text while leaving unchanged alerts untouched (their row version
 * stays). The evaluation is called explicitly after each save, so the results do not depend on
 * when the after-commit listener runs.
 */
@MariaDbTest
class RuptureWritesMariaDbTest {

    static final String SRS = "SESSION-ALLIANCE-4";

    @Autowired ApplicationContext applicationContext;
    @Autowired RatingService ratings;
    @Autowired MeasurementPlanService plans;
    @Autowired SessionService sessions;
    @Autowired AlertService alerts;
    Account anna;
    TestGroups.TestGroup g;
    java.util.Map<Integer, GroupSession> held = new java.util.HashMap<>();

    @BeforeEach
    void setUp() {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        g = TestGroups.closedGroup(applicationContext, anna, site, "Writes group ", 4);
        as(anna, () -> plans.save(g.group().id(), new PlanEntryData(SRS, java.util.Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
    }

    private void session(int n) {
        GroupSession s = as(anna, () -> sessions.create(g.group().id(), new SessionData(n, java.time.LocalDate.of(2026, 1, 6).plusWeeks(n - 1), null)));
        java.util.Map<org.groupalliance.base.MemberId, AttendanceStatus> sheet = new java.util.HashMap<>();
        g.members().forEach(m -> sheet.put(m.id(), AttendanceStatus.PRESENT));
        held.put(n, as(anna, () -> sessions.recordAttendance(s.id(), s.version(), sheet)));
    }

    private void srs(int session, Member m, double... lines) {
        Integer version = as(anna, () -> ratings.forSession(held.get(session).id())).stream()
                .filter(r -> r.instrumentCode().equals(SRS) && m.id().equals(r.raterMember())).map(r -> r.version()).findFirst().orElse(null);
        as(anna, () -> ratings.recordMemberForms(held.get(session).id(), SRS, List.of(new MemberForm(m.id(), lines, version))));
    }

    private List<String> evaluateCounted() {
        RuptureEvaluation evaluation = applicationContext.getBean(RuptureEvaluation.class);
        // the saves' own evaluations run on RuptureEvaluations' workers: let them finish, so that none
        // overlaps (or is counted with) the explicit one
        assertThat(applicationContext.getBean(RuptureEvaluations.class).awaitIdle(java.time.Duration.ofSeconds(60))).isTrue();
        try (StatementCounter counter = new StatementCounter(applicationContext.getBean(DSLContext.class))) {
            SystemActor.call(() -> evaluation.evaluateFrom(g.group().id(), 1));
            return counter.statements();
        }
    }

    private static List<String> writes(List<String> statements) {
        return statements.stream().map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> s.startsWith("insert") || s.startsWith("update") || s.startsWith("delete") || s.startsWith("batch")).toList();
    }

    private Alert totalAlertOf(Member m) {
        return as(anna, () -> alerts.forGroup(g.group().id())).stream()
                .filter(a -> m.id().equals(a.member()) && a.rule() == AlertRule.CONCERN_TOTAL).findFirst().orElseThrow();
    }

    @Test
    void re_evaluation_with_nothing_changed_writes_nothing_and_reads_in_four_statements() {
        session(1);
        session(2);
        srs(1, g.member(1), 10, 10, 10, 10);
        srs(2, g.member(1), 8, 8, 8, 8);
        srs(2, g.member(2), 9.5, 9.5, 9.5, 9.5);
        evaluateCounted();
        List<Alert> before = as(anna, () -> alerts.forGroup(g.group().id()));
        assertThat(before).extracting(Alert::rule).as("the data raise alerts").contains(AlertRule.DROP, AlertRule.CONCERN_TOTAL);

        List<String> again = evaluateCounted();

        assertThat(writes(again)).as("statements of an evaluation with nothing changed: " + again).isEmpty();
        assertThat(again).as("reads: group context, rating headers, answers, stored alerts: " + again).hasSize(4);
        assertThat(as(anna, () -> alerts.forGroup(g.group().id()))).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void changed_findings_get_each_their_own_text_in_one_update_and_unchanged_alerts_keep_their_version() {
        session(1);
        srs(1, g.member(1), 8, 8, 8, 8);
        srs(1, g.member(2), 8, 8, 8, 8);
        srs(1, g.member(3), 8, 8, 8, 8);
        evaluateCounted();
        Alert third = totalAlertOf(g.member(3));
        assertThat(third.text()).contains("total 32");

        // two members' ratings corrected to different totals, stored in one transaction
        org.springframework.transaction.support.TransactionTemplate tx = applicationContext.getBean(org.springframework.transaction.support.TransactionTemplate.class);
        var versions = new java.util.HashMap<org.groupalliance.base.MemberId, Integer>();
        as(anna, () -> ratings.forSession(held.get(1).id())).forEach(r -> versions.put(r.raterMember(), r.version()));
        as(anna, () -> {
            tx.executeWithoutResult(status -> ratings.recordMemberForms(held.get(1).id(), SRS, List.of(
                    new MemberForm(g.member(1).id(), new double[] {8, 8, 8, 7}, versions.get(g.member(1).id())),
                    new MemberForm(g.member(2).id(), new double[] {8, 8, 8, 9}, versions.get(g.member(2).id())))));
            return null;
        });
        evaluateCounted();

        assertThat(totalAlertOf(g.member(1)).text()).isEqualTo(g.member(1).code() + ": total 31, under 36; first rating");
        assertThat(totalAlertOf(g.member(2)).text()).isEqualTo(g.member(2).code() + ": total 33, under 36; first rating");
        assertThat(totalAlertOf(g.member(3))).as("an unchanged alert is not written").isEqualTo(third);
        assertThat(writes(evaluateCounted())).as("and the next evaluation has nothing to write").isEmpty();
    }
}
