package org.groupalliance.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.ValidationException;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupData;
import org.groupalliance.roster.GroupFormat;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.Modality;
import org.groupalliance.roster.Phase;
import org.groupalliance.roster.PhaseBoundaries;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.AuditQuery;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The measurement plan's rules, on each database engine. */
abstract class MeasurementPlanContract {

    @Autowired ApplicationContext applicationContext;
    @Autowired MeasurementPlanService plans;
    @Autowired GroupService groups;
    @Autowired AuditLog audit;
    Account anna;
    Account ben;
    Account admin;
    Group group;

    @BeforeEach
    void setUp() {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        ben = actors.newUser(Role.FACILITATOR, site);
        admin = actors.newUser(Role.ADMIN, null);
        group = as(anna, () -> groups.create(new GroupData(site, Actors.unique("Plan group "), Modality.CBT, GroupFormat.CLOSED, 12,
                LocalDate.of(2026, 1, 6), PhaseBoundaries.thirds(12), Set.of(anna.created().id()))));
    }

    private static PlanEntryData entry(String code, Set<Rater> raters, Schedule schedule) {
        return new PlanEntryData(code, raters, schedule, false, false, List.of());
    }

    @Test
    void a_leader_builds_a_plan_and_sees_what_is_due_at_each_session() {
        as(anna, () -> plans.save(group.id(), entry("SESSION-ALLIANCE-4", Set.of(Rater.MEMBER), Schedule.everySession()), null));
        as(anna, () -> plans.save(group.id(), entry("GROUP-CLIMATE-12", Set.of(Rater.MEMBER, Rater.LEADER),
                new Schedule(Schedule.Kind.SESSIONS, null, List.of(4, 8, 12), null)), null));
        as(anna, () -> plans.save(group.id(), new PlanEntryData("CORE-10", Set.of(Rater.MEMBER),
                new Schedule(Schedule.Kind.PHASES, null, null, Set.of(Phase.LATE)), true, true, List.of(12)), null));
        assertThat(as(anna, () -> plans.dueAt(group.id(), 1))).extracting(e -> e.data().instrumentCode()).containsExactly("SESSION-ALLIANCE-4");
        assertThat(as(anna, () -> plans.dueAt(group.id(), 8))).extracting(e -> e.data().instrumentCode())
                .containsExactlyInAnyOrder("SESSION-ALLIANCE-4", "GROUP-CLIMATE-12");
        assertThat(as(anna, () -> plans.dueAt(group.id(), 12))).hasSize(3);
        PlanEntry core = as(anna, () -> plans.plan(group.id())).stream().filter(e -> e.data().instrumentCode().equals("CORE-10")).findFirst().orElseThrow();
        assertThat(core.data().followUpWeeks()).containsExactly(12);
        assertThat(core.data().atBaseline()).isTrue();
    }

    @Test
    void member_to_member_instruments_are_refused_until_round_robin_forms_exist() {
        var m2g = org.groupalliance.measure.BuiltInInstruments.memberToGroupAlliance();
        var m2m = new org.groupalliance.measure.InstrumentDefinition(Actors.unique("M2M-").toUpperCase(), "Member to member", 1, m2g.construct(),
                org.groupalliance.measure.InstrumentDefinition.Target.MEMBER_TO_MEMBER, m2g.raters(), m2g.items(), m2g.reversedItems(), m2g.subscales(),
                m2g.scoring(), m2g.concern(), m2g.cutoff(), m2g.reliableChange(), m2g.direction(), m2g.source(), m2g.licence(), m2g.unverified());
        as(admin, () -> applicationContext.getBean(org.groupalliance.measure.InstrumentService.class)
                .importJson(org.groupalliance.measure.InstrumentJson.write(m2m)));
        assertThatThrownBy(() -> as(anna, () -> plans.save(group.id(), new PlanEntryData(m2m.code(), Set.of(Rater.MEMBER), Schedule.everySession(),
                false, false, List.of()), null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("instrumentCode")).contains("round-robin"));
    }

    @Test
    void raters_must_be_allowed_by_the_instrument() {
        assertThatThrownBy(() -> as(anna, () -> plans.save(group.id(), entry("PHQ-9", Set.of(Rater.LEADER), Schedule.everySession()), null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsEntry("raters", "PHQ-9 can only be completed by member"));
        assertThat(as(anna, () -> plans.plan(group.id()))).isEmpty();
    }

    @Test
    void session_numbers_outside_the_group_and_timepoints_on_non_outcome_instruments_are_refused() {
        assertThatThrownBy(() -> as(anna, () -> plans.save(group.id(), entry("GROUP-CLIMATE-12", Set.of(Rater.MEMBER),
                new Schedule(Schedule.Kind.SESSIONS, null, List.of(4, 14), null)), null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsEntry("sessions",
                        "Session numbers must be between 1 and the planned 12"));
        assertThatThrownBy(() -> as(anna, () -> plans.save(group.id(), new PlanEntryData("GROUP-CLIMATE-12", Set.of(Rater.MEMBER),
                Schedule.everySession(), true, false, List.of()), null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("timepoints"));
        assertThatThrownBy(() -> as(anna, () -> plans.save(group.id(), entry("GAD-7", Set.of(Rater.MEMBER),
                new Schedule(Schedule.Kind.EVERY_KTH, 1, null, null)), null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("everyK"));
    }

    @Test
    void an_instrument_is_in_a_plan_once_and_stale_edits_are_refused() {
        PlanEntry first = as(anna, () -> plans.save(group.id(), entry("GAD-7", Set.of(Rater.MEMBER), Schedule.everySession()), null));
        assertThatThrownBy(() -> as(anna, () -> plans.save(group.id(), entry("GAD-7", Set.of(Rater.MEMBER), Schedule.everySession()), null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("instrumentCode")).contains("already in this group's plan"));
        as(anna, () -> plans.save(group.id(), entry("GAD-7", Set.of(Rater.MEMBER), new Schedule(Schedule.Kind.EVERY_KTH, 3, null, null)), first.version()));
        assertThatThrownBy(() -> as(anna, () -> plans.save(group.id(), entry("GAD-7", Set.of(Rater.MEMBER), Schedule.everySession()), first.version())))
                .isInstanceOf(ConcurrentEditException.class);
        assertThat(as(anna, () -> plans.plan(group.id()))).singleElement().satisfies(e -> assertThat(e.data().schedule().everyK()).isEqualTo(3));
    }

    @Test
    void only_the_groups_leaders_and_admins_see_or_change_the_plan_and_changes_are_audited() {
        PlanEntry e = as(anna, () -> plans.save(group.id(), entry("GAD-7", Set.of(Rater.MEMBER), Schedule.everySession()), null));
        assertThatThrownBy(() -> as(ben, () -> plans.plan(group.id()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(ben, () -> plans.remove(group.id(), "GAD-7", e.version()))).isInstanceOf(NotFoundException.class);
        as(admin, () -> plans.remove(group.id(), "GAD-7", e.version()));
        assertThat(as(admin, () -> audit.search(new AuditQuery(null, null, "PlanEntry", null, null, 20))))
                .extracting(x -> x.action()).contains(AuditAction.CREATE.name(), AuditAction.DELETE.name());
    }
}
