package org.groupalliance.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.util.List;
import java.util.Set;

import org.groupalliance.analysis.ReliableChange.Category;
import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.ValidationException;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.Member;
import org.groupalliance.security.AuditAction;
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

/** Outcome forms at baseline, post and follow-up, and reliable change, on each database engine. */
abstract class OutcomeContract {

    static final double NA = Double.NaN;

    @Autowired ApplicationContext applicationContext;
    @Autowired OutcomeService outcomes;
    @Autowired MeasurementPlanService plans;
    @Autowired GroupService groups;
    @Autowired AuditLog audit;
    Account anna;
    Account ben;
    Account admin;
    Group group;
    Member m1;
    Member m2;
    Member m3;

    @BeforeEach
    void setUp() {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        ben = actors.newUser(Role.FACILITATOR, site);
        admin = actors.newUser(Role.ADMIN, null);
        TestGroups.TestGroup g = TestGroups.closedGroup(applicationContext, anna, site, "Outcome group ", 3);
        group = g.group();
        m1 = g.member(1);
        m2 = g.member(2);
        m3 = g.member(3);
        as(anna, () -> plans.save(group.id(), new PlanEntryData("CORE-10", Set.of(Rater.MEMBER), new Schedule(Schedule.Kind.NONE, null, null, null),
                true, true, List.of(12)), null));
    }

    @Test
    void the_plan_names_the_timepoints() {
        assertThat(as(anna, () -> outcomes.planned(group.id()))).singleElement().satisfies(p -> {
            assertThat(p.instrument().code()).isEqualTo("CORE-10");
            assertThat(p.timepoints()).containsExactly(Timepoint.baseline(), Timepoint.post(), Timepoint.followUp(12));
        });
    }

    @Test
    void baseline_and_post_forms_are_scored_with_reverse_keys_and_prorating_and_change_is_classified() {
        // CORE-10: 10 items 0-4, items 2 and 3 reverse-keyed, sum prorated when at most one item is missing
        as(anna, () -> outcomes.record(group.id(), "CORE-10", Timepoint.baseline(), List.of(
                new MemberForm(m1.id(), new double[] {3, 1, 1, 3, 3, 3, 3, 3, 3, 3}, null),   // 24 + (4-1) + (4-1) = 30
                new MemberForm(m2.id(), new double[] {2, 2, 2, 2, 2, 2, 2, 2, 2, NA}, null),  // 9 items sum 18, prorated 18 * 10/9 = 20
                new MemberForm(m3.id(), new double[] {1, 3, 3, 1, 1, 1, 1, 1, 1, 1}, null)))); // 8 + 1 + 1 = 10
        List<OutcomeRating> post = as(anna, () -> outcomes.record(group.id(), "CORE-10", Timepoint.post(), List.of(
                new MemberForm(m1.id(), new double[] {1, 3, 3, 1, 1, 1, 1, 1, 1, 1}, null),   // 10
                new MemberForm(m2.id(), new double[] {2, 2, 2, 2, 2, 2, 2, 2, 1, 2}, null),   // 19
                new MemberForm(m3.id(), new double[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 1}, null)))); // 19
        assertThat(post).extracting(OutcomeRating::total).containsExactly(10.0, 19.0, 19.0);
        assertThat(as(anna, () -> outcomes.forGroup(group.id()))).filteredOn(r -> r.timepoint().equals(Timepoint.baseline()))
                .extracting(OutcomeRating::total).containsExactlyInAnyOrder(30.0, 20.0, 10.0);

        OutcomeChange change = as(anna, () -> outcomes.change(group.id(), "CORE-10"));
        assertThat(change.criterion()).isEqualTo(6.0);
        assertThat(change.cutoff()).isEqualTo(11.0);
        assertThat(change.result().perMember()).extracting(m -> m.category())
                .containsExactly(Category.RECOVERED, Category.UNCHANGED, Category.DETERIORATED);
        assertThat(change.result().perMember().get(0).change()).isEqualTo(-20);
        assertThat(change.note()).isEmpty();
    }

    @Test
    void an_out_of_range_value_stores_nothing_and_stale_forms_are_refused() {
        assertThatThrownBy(() -> as(anna, () -> outcomes.record(group.id(), "CORE-10", Timepoint.baseline(), List.of(
                new MemberForm(m1.id(), new double[] {3, 1, 1, 3, 3, 3, 3, 3, 3, 3}, null),
                new MemberForm(m2.id(), new double[] {2, 2, 2, 2, 5, 2, 2, 2, 2, 2}, null)))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get(m2.code() + ".item5"))
                        .contains("5 is outside the allowed range 0 to 4"));
        assertThat(as(anna, () -> outcomes.forGroup(group.id()))).isEmpty();

        OutcomeRating first = as(anna, () -> outcomes.record(group.id(), "CORE-10", Timepoint.baseline(),
                List.of(new MemberForm(m1.id(), new double[] {3, 1, 1, 3, 3, 3, 3, 3, 3, 3}, null)))).get(0);
        as(anna, () -> outcomes.record(group.id(), "CORE-10", Timepoint.baseline(),
                List.of(new MemberForm(m1.id(), new double[] {2, 1, 1, 3, 3, 3, 3, 3, 3, 3}, first.version()))));
        assertThatThrownBy(() -> as(anna, () -> outcomes.record(group.id(), "CORE-10", Timepoint.baseline(),
                List.of(new MemberForm(m1.id(), new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, first.version())))))
                .isInstanceOf(ConcurrentEditException.class);
        assertThat(as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.UPDATE, "OutcomeRating", null, null, 10)))).singleElement()
                .satisfies(e -> {
                    assertThat(e.before()).contains("\"total\":30");
                    assertThat(e.after()).contains("\"total\":29");
                });
    }

    @Test
    void unplanned_timepoints_and_strangers_are_refused_and_change_waits_for_post() {
        assertThatThrownBy(() -> as(anna, () -> outcomes.record(group.id(), "CORE-10", Timepoint.followUp(26),
                List.of(new MemberForm(m1.id(), new double[10], null)))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("timepoint")).contains("not planned"));
        assertThatThrownBy(() -> as(ben, () -> outcomes.forGroup(group.id()))).isInstanceOf(org.groupalliance.base.NotFoundException.class);
        as(anna, () -> outcomes.record(group.id(), "CORE-10", Timepoint.baseline(), List.of(new MemberForm(m1.id(), new double[10], null))));
        OutcomeChange change = as(anna, () -> outcomes.change(group.id(), "CORE-10"));
        assertThat(change.note()).contains("once a member has both a baseline and a post score");
        assertThat(change.result().perMember()).allSatisfy(m -> assertThat(m.category()).isNull());
    }
}
