package org.groupalliance.outcome.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import com.vaadin.flow.component.button.Button;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.Schedule;
import org.groupalliance.base.ui.RatingSheet;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.outcome.OutcomeRating;
import org.groupalliance.outcome.OutcomeService;
import org.groupalliance.outcome.Timepoint;
import org.groupalliance.roster.EndStatus;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupData;
import org.groupalliance.roster.GroupFormat;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberData;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.Modality;
import org.groupalliance.roster.PhaseBoundaries;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.SignedInBrowserlessTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The outcomes page: sheets per timepoint and reliable change, driven without a browser on MariaDB. */
@MariaDbTest
class OutcomesViewBrowserlessTest extends SignedInBrowserlessTest {

    @Autowired ApplicationContext applicationContext;
    @Autowired GroupService groups;
    @Autowired MemberService members;
    @Autowired MeasurementPlanService plans;
    @Autowired OutcomeService outcomes;
    Account anna;
    Group group;
    Member a;
    Member b;

    @Override
    protected AppUserPrincipal signIn() {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        group = as(anna, () -> groups.create(new GroupData(site, Actors.unique("Outcomes "), Modality.CBT, GroupFormat.CLOSED, 12,
                LocalDate.of(2026, 1, 6), PhaseBoundaries.thirds(12), Set.of(anna.created().id()))));
        String p = Actors.unique("U").toUpperCase().substring(0, 6);
        a = as(anna, () -> members.add(group.id(), new MemberData(p + "-A", null, 1, null, EndStatus.ONGOING, null)));
        b = as(anna, () -> members.add(group.id(), new MemberData(p + "-B", null, 1, null, EndStatus.ONGOING, null)));
        as(anna, () -> plans.save(group.id(), new PlanEntryData("PHQ-9", Set.of(Rater.MEMBER), new Schedule(Schedule.Kind.NONE, null, null, null),
                true, true, List.of(12)), null));
        return anna.principal();
    }

    private static void fill(RatingSheet<?> sheet, String row, int... values) {
        for (int i = 0; i < values.length; i++) {
            sheet.fields().get(row + ".item" + (i + 1)).setValue((double) values[i]);
        }
    }

    @Test
    void baseline_and_post_are_entered_and_reliable_change_is_shown() {
        OutcomesView view = navigate(OutcomesView.class, group.id().value());
        assertThat(view.sheets).containsOnlyKeys("PHQ-9/BASELINE", "PHQ-9/POST", "PHQ-9/FU12");
        assertThat(view.changes).isEmpty();

        RatingSheet<?> baseline = view.sheets.get("PHQ-9/BASELINE");
        fill(baseline, a.code(), 3, 3, 2, 2, 2, 2, 2, 1, 1);   // 18
        fill(baseline, b.code(), 1, 1, 1, 1, 1, 1, 1, 1, 1);   // 9
        test(baseline.saveButton()).click();
        RatingSheet<?> post = view.sheets.get("PHQ-9/POST");
        fill(post, a.code(), 1, 1, 1, 1, 1, 1, 1, 0, 0);       // 7: 11 points better, from 18 (>= 10) to below 10
        fill(post, b.code(), 2, 3, 2, 2, 1, 1, 1, 1, 1);       // 14: 5 points worse, under the criterion of 6
        test(post.saveButton()).click();

        assertThat(as(anna, () -> outcomes.forGroup(group.id()))).extracting(OutcomeRating::timepoint, OutcomeRating::total)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Timepoint.baseline(), 18.0), org.assertj.core.groups.Tuple.tuple(Timepoint.baseline(), 9.0),
                        org.assertj.core.groups.Tuple.tuple(Timepoint.post(), 7.0), org.assertj.core.groups.Tuple.tuple(Timepoint.post(), 14.0));
        assertThat(view.changes.get("PHQ-9").getGenericDataView().getItems().map(m -> m.id() + ":" + m.category()).toList())
                .containsExactly(a.code() + ":RECOVERED", b.code() + ":UNCHANGED");
    }

    @Test
    void an_out_of_range_answer_is_marked_and_nothing_is_stored() {
        OutcomesView view = navigate(OutcomesView.class, group.id().value());
        RatingSheet<?> baseline = view.sheets.get("PHQ-9/BASELINE");
        fill(baseline, a.code(), 3, 3, 2, 2, 2, 2, 2, 1, 4);
        Button save = baseline.saveButton();
        test(save).click();
        assertThat(baseline.fields().get(a.code() + ".item9").isInvalid()).isTrue();
        assertThat(baseline.fields().get(a.code() + ".item9").getErrorMessage()).contains("4 is outside the allowed range 0 to 3");
        assertThat(as(anna, () -> outcomes.forGroup(group.id()))).isEmpty();
    }
}
