package org.groupalliance.capture.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.time.LocalDate;
import java.util.Set;

import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;
import org.groupalliance.base.ui.FormDialog;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.Instrument;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupData;
import org.groupalliance.roster.GroupFormat;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.Modality;
import org.groupalliance.roster.PhaseBoundaries;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.SignedInBrowserlessTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@MariaDbTest
class MeasurementPlanViewBrowserlessTest extends SignedInBrowserlessTest {

    @Autowired ApplicationContext applicationContext;
    @Autowired GroupService groups;
    @Autowired MeasurementPlanService plans;
    Account anna;
    Group group;

    @Override
    protected org.groupalliance.security.AppUserPrincipal signIn() {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        group = as(anna, () -> groups.create(new GroupData(site, Actors.unique("Plan view "), Modality.CBT, GroupFormat.CLOSED, 12,
                LocalDate.of(2026, 1, 6), PhaseBoundaries.thirds(12), Set.of(anna.created().id()))));
        return anna.principal();
    }



    @Test
    @SuppressWarnings("unchecked")
    void a_leader_adds_an_instrument_at_given_sessions_and_a_typo_is_named_on_its_field() {
        MeasurementPlanView view = navigate(MeasurementPlanView.class, group.id().value());
        assertThat(test(view.grid).size()).isZero();
        view.openDialog(null);
        FormDialog dialog = $(FormDialog.class).single();
        ComboBox<Instrument> instrument = $(ComboBox.class, dialog).withId("plan-instrument").single();
        instrument.setValue(instrument.getListDataView().getItems().filter(i -> i.code().equals("GROUP-CLIMATE-12")).findFirst().orElseThrow());
        ((CheckboxGroup<Rater>) $(CheckboxGroup.class, dialog).withId("plan-raters").single()).setValue(Set.of(Rater.MEMBER, Rater.LEADER));
        ((RadioButtonGroup<Schedule.Kind>) $(RadioButtonGroup.class, dialog).withId("plan-kind").single()).setValue(Schedule.Kind.SESSIONS);
        TextField sessions = $(TextField.class, dialog).withId("plan-sessions").single();
        test(sessions).setValue("4, 8, twelve");
        test(dialog.saveButton()).click();
        assertThat(sessions.isInvalid()).isTrue();
        assertThat(sessions.getErrorMessage()).contains("'twelve' is not one");
        assertThat(plans.plan(group.id())).isEmpty();

        test(sessions).setValue("4, 8, 12");
        test(dialog.saveButton()).click();
        assertThat(dialog.isOpened()).isFalse();
        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 2)).isEqualTo("sessions 4, 8, 12");
    }
}
