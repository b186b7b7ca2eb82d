package org.groupalliance.rupture;

import org.groupalliance.support.StatementCounter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.ValidationException;
import org.groupalliance.capture.LeaderForm;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.SubgroupService;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditEntry;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.AuditQuery;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.support.TransactionTemplate;

/** Alerts raised when ratings are stored, the Needs attention list, dismissal and the rupture record workflow, on each engine. */
abstract class RuptureContract {

    static final String SRS = "SESSION-ALLIANCE-4";

    @Autowired ApplicationContext applicationContext;
    @Autowired RatingService ratings;
    @Autowired MeasurementPlanService plans;
    @Autowired SessionService sessions;
    @Autowired SubgroupService subgroups;
    @Autowired AlertService alerts;
    @Autowired RuptureService ruptures;
    @Autowired AuditLog audit;
    @Autowired RuptureEvaluations evaluations;
    Actors actors;
    Account anna;
    Account admin;
    TestGroups.TestGroup g;
    Map<Integer, GroupSession> held = new HashMap<>();
    org.groupalliance.base.SiteId site;

    @BeforeEach
    void setUp() {
        actors = new Actors(applicationContext);
        site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        admin = actors.newUser(Role.ADMIN, null);
        g = TestGroups.closedGroup(applicationContext, anna, site, "Rupture group ", 4);
        as(anna, () -> plans.save(g.group().id(), new PlanEntryData(SRS, Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
        as(anna, () -> plans.save(g.group().id(), new PlanEntryData("GTB-12", Set.of(Rater.LEADER), Schedule.everySession(), false, false, List.of()), null));
    }

    GroupSession session(int n, Member... absent) {
        GroupSession taken = hold(g, n, absent);
        held.put(n, taken);
        return taken;
    }

    GroupSession hold(TestGroups.TestGroup group, int n, Member... absent) {
        GroupSession s = as(anna, () -> sessions.create(group.group().id(), new SessionData(n, LocalDate.of(2026, 1, 6).plusWeeks(n - 1), null)));
        Map<org.groupalliance.base.MemberId, AttendanceStatus> sheet = new HashMap<>();
        group.members().forEach(m -> sheet.put(m.id(), List.of(absent).contains(m) ? AttendanceStatus.ABSENT : AttendanceStatus.PRESENT));
        return as(anna, () -> sessions.recordAttendance(s.id(), s.version(), sheet));
    }

    void srs(int session, Member m, double... lines) {
        Integer version = as(anna, () -> ratings.forSession(held.get(session).id())).stream()
                .filter(r -> r.instrumentCode().equals(SRS) && m.id().equals(r.raterMember())).map(r -> r.version()).findFirst().orElse(null);
        as(anna, () -> ratings.recordMemberForms(held.get(session).id(), SRS, List.of(new MemberForm(m.id(), lines, version))));
        quiet();
    }

    /** Waits until the evaluation the last save asked for has run (it runs after the commit, on RuptureEvaluations' workers). */
    void quiet() {
        assertThat(evaluations.awaitIdle(java.time.Duration.ofSeconds(30))).as("rupture evaluation quiet within 30 s").isTrue();
    }

    List<Alert> activeOf(Member m) {
        return as(anna, () -> alerts.needsAttention()).stream().filter(a -> m.id().equals(a.member())).toList();
    }

    @Test
    void a_low_session_alliance_raises_alerts_at_once_and_saving_again_stores_no_duplicate() {
        session(1);
        srs(1, g.member(1), 9, 9, 9, 9);
        srs(1, g.member(2), 9, 9, 9, 8.9);
        assertThat(activeOf(g.member(1))).as("36.0 is not under 36").isEmpty();
        assertThat(activeOf(g.member(2))).extracting(Alert::rule).containsExactlyInAnyOrder(AlertRule.CONCERN_TOTAL, AlertRule.CONCERN_ITEM);
        assertThat(activeOf(g.member(2))).extracting(Alert::text).contains(g.member(2).code() + ": total 35.9, under 36; first rating");
        // the same answers saved again: the same alerts, not twice
        srs(1, g.member(2), 9, 9, 9, 8.9);
        srs(1, g.member(3), 10, 10, 10, 10);
        assertThat(activeOf(g.member(2))).hasSize(2);
        // corrected to 36.0: the alerts are withdrawn, not deleted
        srs(1, g.member(2), 9, 9, 9, 9);
        assertThat(activeOf(g.member(2))).isEmpty();
        assertThat(as(anna, () -> alerts.forGroup(g.group().id()))).extracting(Alert::status).containsOnly(Alert.Status.WITHDRAWN).hasSize(2);
    }

    @Test
    void a_drop_after_a_missed_session_compares_with_the_last_rating_and_the_list_is_newest_first() {
        session(1);
        session(2, g.member(1));
        session(3);
        srs(1, g.member(1), 9.5, 9.5, 9.5, 9.5);
        srs(2, g.member(2), 9.5, 9.5, 9.5, 9.5);
        srs(3, g.member(2), 9.5, 9.5, 9.5, 9.5);
        srs(3, g.member(1), 9.5, 9.0, 9.5, 9.0);
        assertThat(activeOf(g.member(1))).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo(AlertRule.DROP);
            assertThat(a.sessionNumber()).isEqualTo(3);
            assertThat(a.text()).isEqualTo(g.member(1).code() + ": total 37, down 1 from 38 at session 1 (no rating in between); alert at a drop of 1");
            assertThat(a.groupName()).isEqualTo(g.group().name());
        });
        srs(3, g.member(3), 9, 9, 9, 8);
        assertThat(as(anna, () -> alerts.needsAttention()).stream().filter(a -> a.member() != null).findFirst().orElseThrow().member())
                .as("newest first").isEqualTo(g.member(3).id());
        // a group setting of 2 points: the 1-point drop is no longer an alert (withdrawn at the next evaluation)
        as(anna, () -> alerts.saveSetting(g.group().id(), SRS, 2.0, null));
        srs(3, g.member(4), 10, 10, 10, 10);
        assertThat(activeOf(g.member(1))).isEmpty();
        assertThatThrownBy(() -> as(anna, () -> alerts.saveSetting(g.group().id(), SRS, -1.0, null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("dropOf"));
    }

    @Test
    void the_leader_rating_a_member_well_while_the_member_is_at_concern_level_is_a_mismatch() {
        session(1);
        srs(1, g.member(1), 8, 8, 8, 8);
        double[] good = {5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4}; // total 50, (50 - 12) / 48 = 79 %
        as(anna, () -> ratings.recordLeaderRatings(held.get(1).id(), "GTB-12", List.of(new LeaderForm(RatingTarget.member(g.member(1).id()), good, null))));
        quiet();
        assertThat(activeOf(g.member(1))).filteredOn(a -> a.rule() == AlertRule.MISMATCH).singleElement().satisfies(a -> {
            assertThat(a.fromMember()).isFalse();
            assertThat(a.text()).startsWith(g.member(1).code() + ": leader rated GTB-12 50 (79.17 % of its range");
        });
    }

    @Test
    void dismissing_needs_a_reason_and_is_audited() {
        session(1);
        srs(1, g.member(1), 10, 10, 10, 8);
        Alert a = activeOf(g.member(1)).get(0);
        assertThat(a.rule()).isEqualTo(AlertRule.CONCERN_ITEM);
        assertThatThrownBy(() -> as(anna, () -> alerts.dismiss(a.id(), a.version(), " ")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("reason"));
        Alert dismissed = as(anna, () -> alerts.dismiss(a.id(), a.version(), "Talked about it after the session"));
        assertThat(dismissed.status()).isEqualTo(Alert.Status.DISMISSED);
        assertThat(activeOf(g.member(1))).isEmpty();
        assertThatThrownBy(() -> as(anna, () -> alerts.dismiss(a.id(), a.version(), "again"))).isInstanceOf(ValidationException.class);
        List<AuditEntry> log = as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.UPDATE, "RuptureAlert", null, null, 10)));
        assertThat(log).singleElement().satisfies(e -> {
            assertThat(e.before()).contains("\"status\":\"ACTIVE\"");
            // the reason is the leader's free text about a member: kept on the alert for the group's leaders, never in
            // the audit log that admins read (as the rupture records' notes, decision 0012)
            assertThat(e.after()).contains("\"status\":\"DISMISSED\"").contains("\"dismissReason\":\"[redacted]\"")
                    .doesNotContain("Talked about it");
        });
        assertThat(dismissed.dismissReason()).isEqualTo("Talked about it after the session");
        // a re-evaluation keeps a dismissed alert dismissed
        srs(1, g.member(2), 10, 10, 10, 10);
        assertThat(activeOf(g.member(1))).isEmpty();
    }

    @Test
    void only_the_groups_leaders_see_alerts_and_records() {
        session(1);
        srs(1, g.member(1), 8, 9, 9, 9);
        Alert a = activeOf(g.member(1)).get(0);
        Rupture r = as(anna, () -> ruptures.openFromAlert(a.id(), a.version(), Rupture.Marker.WITHDRAWAL));
        var site = actors.newSite();
        Account other = actors.newUser(Role.FACILITATOR, site);
        Account olga = actors.newUser(Role.OBSERVER, null);
        Account rita = actors.newUser(Role.RESEARCHER, this.site); // the group's site
        Account noSite = actors.newUser(Role.RESEARCHER, null);
        Account elsewhere = actors.newUser(Role.RESEARCHER, site);
        as(anna, () -> applicationContext.getBean(org.groupalliance.roster.GroupService.class).assignObserver(g.group().id(), olga.created().id()));
        assertThat(as(other, () -> alerts.needsAttention())).isEmpty();
        assertThatThrownBy(() -> as(other, () -> alerts.forGroup(g.group().id()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(other, () -> ruptures.get(r.id()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(other, () -> alerts.dismiss(a.id(), a.version(), "x"))).isInstanceOf(NotFoundException.class);
        // researchers and admins get pooled counts only (no notes, no member); a researcher over their own site's groups
        // only (none without a site); observers not even those
        RuptureSummaryService summaries = applicationContext.getBean(RuptureSummaryService.class);
        RuptureSummary pooled = as(rita, summaries::pooled);
        assertThat(pooled.records()).isGreaterThanOrEqualTo(1);
        assertThat(pooled.alerts()).isGreaterThanOrEqualTo(2);
        for (Account otherSite : List.of(noSite, elsewhere)) {
            RuptureSummary none = as(otherSite, summaries::pooled);
            assertThat(none.groups()).as("groups pooled for a researcher of another site or none").isZero();
            assertThat(none.records()).isZero();
            assertThat(none.alerts()).isZero();
        }
        assertThat(as(admin, summaries::pooled).records()).isGreaterThanOrEqualTo(1);
        assertThatThrownBy(() -> as(olga, () -> applicationContext.getBean(RuptureSummaryService.class).pooled())).isInstanceOf(AccessDeniedException.class);
        for (Account notLeader : List.of(admin, olga, rita)) {
            assertThatThrownBy(() -> as(notLeader, () -> ruptures.get(r.id()))).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> as(notLeader, () -> ruptures.forGroup(g.group().id()))).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> as(notLeader, () -> alerts.forGroup(g.group().id()))).isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void a_rupture_record_from_an_alert_through_its_steps_to_repaired_is_audited_without_its_notes() {
        session(1);
        session(2);
        session(3);
        srs(1, g.member(1), 9.5, 9.5, 9.5, 9.5);
        srs(2, g.member(1), 8, 8, 7, 8);
        Alert a = activeOf(g.member(1)).stream().filter(x -> x.rule() == AlertRule.CONCERN_TOTAL).findFirst().orElseThrow();
        Rupture opened = as(anna, () -> ruptures.openFromAlert(a.id(), a.version(), Rupture.Marker.WITHDRAWAL));
        Rupture r = opened;
        assertThat(r.state()).isEqualTo(Rupture.State.OPEN);
        assertThat(r.withLabel()).isEqualTo(g.member(1).code());
        assertThat(r.noticedSession()).isEqualTo(2);
        assertThat(activeOf(g.member(1))).extracting(Alert::id).doesNotContain(a.id());
        assertThatThrownBy(() -> as(anna, () -> ruptures.openFromAlert(a.id(), a.version() + 1, Rupture.Marker.WITHDRAWAL)))
                .isInstanceOf(ValidationException.class);

        r = as(anna, () -> ruptures.recordStep(opened.id(), opened.version(), new Rupture.Step(2, true, "Compared with session 1: all four lines down", 2)));
        assertThat(r.state()).isEqualTo(Rupture.State.IN_PROGRESS);
        Rupture stale = r;
        r = as(anna, () -> ruptures.recordStep(stale.id(), stale.version(), new Rupture.Step(6, true, "Said the exercises felt rushed", 3)));
        assertThatThrownBy(() -> as(anna, () -> ruptures.recordStep(stale.id(), stale.version(), new Rupture.Step(5, true, null, 3))))
                .isInstanceOf(ConcurrentEditException.class);
        Rupture current = r;
        assertThatThrownBy(() -> as(anna, () -> ruptures.recordStep(current.id(), current.version(), new Rupture.Step(9, true, null, 3))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("step"));
        r = as(anna, () -> ruptures.plan(current.id(), current.version(), "Ask about pace at the start", Rupture.Where.IN_GROUP));
        assertThat(r.step(2).note()).isEqualTo("Compared with session 1: all four lines down");
        assertThat(r.step(6).session()).isEqualTo(3);

        srs(3, g.member(1), 9.5, 9.4, 9.3, 9.6);
        RuptureService.RatingsAfter after = as(anna, () -> ruptures.ratingsAfter(current.id()));
        assertThat(after.lines()).extracting(RuptureService.RatingsAfter.Line::session).containsExactly(2, 3);
        assertThat(after.suggestion()).startsWith("Above the cut-off again from session 3");
        assertThat(as(anna, () -> ruptures.get(current.id())).outcome()).as("the suggestion never sets the outcome").isNull();

        Rupture plan = r;
        assertThatThrownBy(() -> as(anna, () -> ruptures.close(plan.id(), plan.version(), Rupture.Outcome.REPAIRED, 1)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("closedSession"));
        Rupture closed = as(anna, () -> ruptures.close(plan.id(), plan.version(), Rupture.Outcome.REPAIRED, 3));
        assertThat(closed.state()).isEqualTo(Rupture.State.CLOSED);
        assertThatThrownBy(() -> as(anna, () -> ruptures.recordStep(closed.id(), closed.version(), new Rupture.Step(7, true, null, 3))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("state"));

        List<AuditEntry> log = as(admin, () -> audit.search(new AuditQuery(anna.username(), null, "RuptureRecord", null, null, 20)));
        assertThat(log).extracting(AuditEntry::summary).contains("Step 2 recorded", "Step 6 recorded", "Plan for the next session",
                "Rupture record closed: Repaired (re-engaged)");
        assertThat(log).hasSize(5).allSatisfy(e -> {
            assertThat(String.valueOf(e.after())).doesNotContain("rushed").doesNotContain("four lines").doesNotContain("pace");
            assertThat(String.valueOf(e.before())).doesNotContain("rushed");
        });
        assertThat(log).anySatisfy(e -> assertThat(e.after()).contains("\"step\":6,\"done\":true,\"note\":\"[redacted]\",\"session\":3"));
    }

    @Test
    void a_record_opened_by_hand_checks_its_fields() {
        session(1);
        assertThatThrownBy(() -> as(anna, () -> ruptures.open(g.group().id(), new RuptureData(Rupture.With.MEMBER, null, null, null, 0))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKeys("member", "marker", "noticedSession"));
        Rupture whole = as(anna, () -> ruptures.open(g.group().id(), new RuptureData(Rupture.With.WHOLE_GROUP, null, null, Rupture.Marker.CONFRONTATION, 1)));
        assertThat(whole.withLabel()).isEqualTo("Whole group");
        assertThat(as(anna, () -> ruptures.forGroup(g.group().id()))).extracting(Rupture::id).containsExactly(whole.id());
        assertThat(as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.CREATE, "RuptureRecord", null, null, 5)))).hasSize(1);
    }

    // --- re-evaluation of later sessions (a drop compares with the previous rating)

    @Test
    void correcting_an_earlier_rating_withdraws_the_drop_it_caused_at_the_next_session() {
        session(1);
        session(2);
        srs(1, g.member(1), 9.5, 9.5, 9.5, 9.5);
        srs(2, g.member(1), 9.5, 9.5, 9, 9);
        assertThat(activeOf(g.member(1))).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo(AlertRule.DROP);
            assertThat(a.sessionNumber()).isEqualTo(2);
        });
        // session 1 corrected to 37: no drop at session 2 any more
        srs(1, g.member(1), 9.5, 9.5, 9, 9);
        assertThat(activeOf(g.member(1))).isEmpty();
        assertThat(as(anna, () -> alerts.forGroup(g.group().id()))).singleElement().satisfies(a -> {
            assertThat(a.sessionNumber()).isEqualTo(2);
            assertThat(a.status()).isEqualTo(Alert.Status.WITHDRAWN);
        });
    }

    @Test
    void correcting_an_earlier_rating_raises_a_drop_at_the_next_session() {
        session(1);
        session(2);
        session(3);
        srs(1, g.member(1), 9, 9, 9, 9);
        srs(2, g.member(1), 9, 9, 9, 9);
        srs(3, g.member(1), 9, 9, 9, 9);
        assertThat(activeOf(g.member(1))).isEmpty();
        // session 1 corrected to 40: session 2 is now a drop of 4; session 3 compares with session 2 and stays quiet
        srs(1, g.member(1), 10, 10, 10, 10);
        assertThat(activeOf(g.member(1))).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo(AlertRule.DROP);
            assertThat(a.sessionNumber()).isEqualTo(2);
            assertThat(a.text()).isEqualTo(g.member(1).code() + ": total 36, down 4 from 40 at session 1; alert at a drop of 1");
        });
    }

    @Test
    void ratings_of_several_sessions_stored_in_one_transaction_are_evaluated_once_it_commits() {
        session(1);
        session(2);
        TransactionTemplate tx = applicationContext.getBean(TransactionTemplate.class);
        as(anna, () -> tx.executeWithoutResult(status -> {
            ratings.recordMemberForms(held.get(1).id(), SRS, List.of(new MemberForm(g.member(1).id(), new double[] {10, 10, 10, 10}, null)));
            ratings.recordMemberForms(held.get(2).id(), SRS, List.of(new MemberForm(g.member(1).id(), new double[] {9, 9, 9, 9}, null)));
        }));
        quiet();
        assertThat(activeOf(g.member(1))).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo(AlertRule.DROP);
            assertThat(a.sessionNumber()).isEqualTo(2);
        });
    }

    // --- cost: a fixed number of statements

    @Test
    void evaluation_runs_the_same_number_of_statements_for_3_members_and_2_sessions_as_for_12_members_and_5_sessions() {
        List<List<String>> small = countedEvaluations(3, 2);
        List<List<String>> large = countedEvaluations(12, 5);
        assertThat(large).extracting(List::size).as("statements per evaluation: insert, withdraw, refresh, nothing to do; 3 x 2: " + small + "; 12 x 5: " + large)
                .containsExactlyElementsOf(small.stream().map(List::size).toList());
        assertThat(small.getFirst()).as("reads and writes of an evaluation that inserts alerts: " + small.getFirst()).hasSizeLessThanOrEqualTo(12);
    }

    /** Statements of four evaluations of the last session: one inserting alerts, one withdrawing them, one reactivating them, one with nothing to do. */
    private List<List<String>> countedEvaluations(int members, int sessionsHeld) {
        TestGroups.TestGroup group = TestGroups.closedGroup(applicationContext, anna, site, "Counted ", members);
        var id = group.group().id();
        as(anna, () -> plans.save(id, new PlanEntryData(SRS, Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
        as(anna, () -> alerts.saveSetting(id, SRS, 3.0, 3.0));
        GroupSession last = null;
        for (int n = 1; n <= sessionsHeld; n++) {
            GroupSession s = hold(group, n);
            double line = n == sessionsHeld ? 9.5 : 10; // the last session: every member 2 points down, the group mean too
            as(anna, () -> ratings.recordMemberForms(s.id(), SRS, group.members().stream()
                    .map(m -> new MemberForm(m.id(), new double[] {line, line, line, line}, null)).toList()));
            last = s;
        }
        GroupSession evaluated = last;
        // the saves' own evaluations must finish under the 3-point setting: one still queued when the setting is
        // cleared below would raise the alerts itself and leave the counted evaluation nothing to insert
        quiet();
        RuptureEvaluation evaluation = applicationContext.getBean(RuptureEvaluation.class);
        org.jooq.DSLContext dsl = applicationContext.getBean(org.jooq.DSLContext.class);
        List<List<String>> out = new java.util.ArrayList<>();
        for (Double setting : new Double[] {null, 3.0, null, null}) {
            as(anna, () -> alerts.saveSetting(id, SRS, setting, setting));
            quiet(); // no background evaluation may run while the statements are counted
            List<Alert> raised;
            try (StatementCounter counter = new StatementCounter(dsl)) {
                raised = org.groupalliance.security.SystemActor.call(() -> evaluation.evaluate(evaluated.id()));
                out.add(counter.statements());
            }
            if (out.size() == 1) {
                assertThat(raised).extracting(Alert::rule).as("the counted evaluation itself raised the alerts")
                        .filteredOn(r -> r == AlertRule.DROP).hasSize(members);
            }
        }
        return out;
    }

    // --- the group's own rule parameters

    @Test
    void leaders_set_the_drop_and_group_fall_per_instrument_each_value_checked_by_field_and_audited() {
        var id = g.group().id();
        assertThat(as(anna, () -> alerts.ruleSettings(id))).as("GTB-12 is rated by the leader only").singleElement().satisfies(r -> {
            assertThat(r.instrumentCode()).isEqualTo(SRS);
            assertThat(r.defaultDropOf()).isEqualTo(1.0);
            assertThat(r.defaultGroupFallOf()).isEqualTo(1.0);
            assertThat(r.dropOf()).isNull();
            assertThat(r.maxChange()).isEqualTo(40.0);
        });
        assertThatThrownBy(() -> as(anna, () -> alerts.saveSetting(id, SRS, 0.0, 40.5))).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.fieldErrors()).containsOnlyKeys("dropOf", "groupFallOf");
            assertThat(e.fieldErrors().get("dropOf")).startsWith("Drop: a positive number of points, at most 40 (the range of the total)");
            assertThat(e.fieldErrors().get("groupFallOf")).startsWith("Group mean fall: a positive number of points, at most 40");
        });
        assertThatThrownBy(() -> as(anna, () -> alerts.saveSetting(id, SRS, Double.NaN, null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsOnlyKeys("dropOf"));
        assertThatThrownBy(() -> as(anna, () -> alerts.saveSetting(id, SRS, -1.0, Double.POSITIVE_INFINITY)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsOnlyKeys("dropOf", "groupFallOf"));
        assertThatThrownBy(() -> as(anna, () -> alerts.saveSetting(id, "GTB-12", 2.0, null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsOnlyKeys("instrument"));
        assertThat(as(anna, () -> alerts.ruleSettings(id)).getFirst().dropOf()).as("nothing stored by a refused save").isNull();

        AlertService.RuleSetting saved = as(anna, () -> alerts.saveSetting(id, SRS, 2.5, 40.0));
        assertThat(saved.dropOf()).isEqualTo(2.5);
        assertThat(saved.effectiveGroupFallOf()).isEqualTo(40.0);
        AlertService.RuleSetting reset = as(anna, () -> alerts.saveSetting(id, SRS, null, 40.0));
        assertThat(reset.dropOf()).isNull();
        assertThat(reset.effectiveDropOf()).as("empty is the instrument's default").isEqualTo(1.0);

        List<AuditEntry> log = as(admin, () -> audit.search(new AuditQuery(anna.username(), null, "RuptureSetting", null, null, 10)));
        assertThat(log).hasSize(2);
        assertThat(log).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.CREATE.name());
            assertThat(e.before()).isNull();
            assertThat(e.after()).contains("2.5");
        });
        assertThat(log).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.UPDATE.name());
            assertThat(e.before()).contains("2.5");
            assertThat(e.after()).doesNotContain("2.5").contains("40");
        });

        Account other = actors.newUser(Role.FACILITATOR, actors.newSite());
        assertThatThrownBy(() -> as(other, () -> alerts.ruleSettings(id))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(other, () -> alerts.saveSetting(id, SRS, 5.0, null))).isInstanceOf(NotFoundException.class);
        Account rita = actors.newUser(Role.RESEARCHER, null);
        for (Account notLeader : List.of(admin, rita)) {
            assertThatThrownBy(() -> as(notLeader, () -> alerts.saveSetting(id, SRS, 5.0, null))).isInstanceOf(AccessDeniedException.class);
        }
        assertThat(as(anna, () -> alerts.ruleSettings(id)).getFirst().groupFallOf()).isEqualTo(40.0);
    }

    // --- for the other pages and the research export

    @Test
    void open_alerts_of_a_group_and_the_export_rows_of_its_records_without_any_note() {
        session(1);
        session(2);
        srs(1, g.member(1), 8, 9, 9, 9);
        Alert total = activeOf(g.member(1)).stream().filter(a -> a.rule() == AlertRule.CONCERN_TOTAL).findFirst().orElseThrow();
        Rupture r0 = as(anna, () -> ruptures.openFromAlert(total.id(), total.version(), Rupture.Marker.WITHDRAWAL));
        assertThat(as(anna, () -> alerts.openForGroup(g.group().id()))).extracting(Alert::rule).containsExactly(AlertRule.CONCERN_ITEM);
        assertThat(as(anna, () -> alerts.openForMember(g.group().id(), g.member(2).id()))).isEmpty();
        Rupture r1 = as(anna, () -> ruptures.recordStep(r0.id(), r0.version(), new Rupture.Step(3, true, "Thanked her for the honest answer", 2)));
        Rupture r2 = as(anna, () -> ruptures.plan(r1.id(), r1.version(), "Check in at the start", Rupture.Where.ONE_TO_ONE));
        as(anna, () -> ruptures.close(r2.id(), r2.version(), Rupture.Outcome.REPAIRED, 2));

        RuptureExportService export = applicationContext.getBean(RuptureExportService.class);
        Account rita = actors.newUser(Role.RESEARCHER, site); // the group's site
        List<RuptureExportService.Row> rows = as(rita, () -> export.structuredForExport(List.of(g.group().id())));
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.memberId()).isEqualTo(g.member(1).id().value());
            assertThat(row.with()).isEqualTo(Rupture.With.MEMBER);
            assertThat(row.fromAlertRule()).isEqualTo(AlertRule.CONCERN_TOTAL);
            assertThat(row.fromAlertSession()).isEqualTo(1);
            assertThat(row.outcome()).isEqualTo(Rupture.Outcome.REPAIRED);
            assertThat(row.sessionsToResolution()).isEqualTo(1);
            assertThat(row.planWhere()).isEqualTo(Rupture.Where.ONE_TO_ONE);
            assertThat(row.steps()).containsExactly(new RuptureExportService.Step(3, true, 2));
            assertThat(row.toString()).doesNotContain("Thanked").doesNotContain("Check in").doesNotContain(g.member(1).code()).doesNotContain(anna.username());
        });
        assertThat(as(anna, () -> export.structuredForExport(List.of(g.group().id())))).hasSize(1);
        Account other = actors.newUser(Role.FACILITATOR, actors.newSite());
        assertThat(as(other, () -> export.structuredForExport(List.of(g.group().id())))).as("not their group").isEmpty();
        // researchers export their own site's groups only, as on the Export page; none without a site
        assertThat(as(actors.newUser(Role.RESEARCHER, actors.newSite()), () -> export.structuredForExport(List.of(g.group().id()))))
                .as("a researcher of another site").isEmpty();
        assertThat(as(actors.newUser(Role.RESEARCHER, null), () -> export.structuredForExport(List.of(g.group().id()))))
                .as("a researcher without a site").isEmpty();
        assertThat(as(admin, () -> export.structuredForExport(List.of(g.group().id())))).hasSize(1);
        Account olga = actors.newUser(Role.OBSERVER, null);
        assertThatThrownBy(() -> as(olga, () -> export.structuredForExport(List.of(g.group().id())))).isInstanceOf(AccessDeniedException.class);
    }
}
