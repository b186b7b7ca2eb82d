package org.groupalliance.rupture;

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
    Actors actors;
    Account anna;
    Account admin;
    TestGroups.TestGroup g;
    Map<Integer, GroupSession> held = new HashMap<>();

    @BeforeEach
    void setUp() {
        actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        admin = actors.newUser(Role.ADMIN, null);
        g = TestGroups.closedGroup(applicationContext, anna, site, "Rupture group ", 4);
        as(anna, () -> plans.save(g.group().id(), new PlanEntryData(SRS, Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
        as(anna, () -> plans.save(g.group().id(), new PlanEntryData("GTB-12", Set.of(Rater.LEADER), Schedule.everySession(), false, false, List.of()), null));
    }

    GroupSession session(int n, Member... absent) {
        GroupSession s = as(anna, () -> sessions.create(g.group().id(), new SessionData(n, LocalDate.of(2026, 1, 6).plusWeeks(n - 1), null)));
        Map<org.groupalliance.base.MemberId, AttendanceStatus> sheet = new HashMap<>();
        g.members().forEach(m -> sheet.put(m.id(), List.of(absent).contains(m) ? AttendanceStatus.ABSENT : AttendanceStatus.PRESENT));
        GroupSession taken = as(anna, () -> sessions.recordAttendance(s.id(), s.version(), sheet));
        held.put(n, taken);
        return taken;
    }

    void srs(int session, Member m, double... lines) {
        Integer version = as(anna, () -> ratings.forSession(held.get(session).id())).stream()
                .filter(r -> r.instrumentCode().equals(SRS) && m.id().equals(r.raterMember())).map(r -> r.version()).findFirst().orElse(null);
        as(anna, () -> ratings.recordMemberForms(held.get(session).id(), SRS, List.of(new MemberForm(m.id(), lines, version))));
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
            assertThat(e.after()).contains("\"status\":\"DISMISSED\"").contains("Talked about it after the session");
        });
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
        Account rita = actors.newUser(Role.RESEARCHER, null);
        as(anna, () -> applicationContext.getBean(org.groupalliance.roster.GroupService.class).assignObserver(g.group().id(), olga.created().id()));
        assertThat(as(other, () -> alerts.needsAttention())).isEmpty();
        assertThatThrownBy(() -> as(other, () -> alerts.forGroup(g.group().id()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(other, () -> ruptures.get(r.id()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(other, () -> alerts.dismiss(a.id(), a.version(), "x"))).isInstanceOf(NotFoundException.class);
        // researchers and admins get pooled counts only (no notes, no member); observers not even those
        RuptureSummary pooled = as(rita, () -> applicationContext.getBean(RuptureSummaryService.class).pooled());
        assertThat(pooled.records()).isGreaterThanOrEqualTo(1);
        assertThat(pooled.alerts()).isGreaterThanOrEqualTo(2);
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
}
