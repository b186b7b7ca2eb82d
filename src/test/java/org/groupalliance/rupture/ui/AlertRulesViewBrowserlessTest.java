package org.groupalliance.rupture.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.util.List;
import java.util.Set;

import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.rupture.AlertService;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.SignedInBrowserlessTest;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The alert rules page driven without a browser on MariaDB: reached from the group's alerts, a refused value marked on its field, a saved one kept. */
@MariaDbTest
class AlertRulesViewBrowserlessTest extends SignedInBrowserlessTest {

    @Autowired ApplicationContext applicationContext;
    @Autowired AlertService alerts;
    Account anna;
    TestGroups.TestGroup g;

    @Override
    protected AppUserPrincipal signIn() {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        g = TestGroups.closedGroup(applicationContext, anna, site, "Rules view ", 3);
        MeasurementPlanService plans = applicationContext.getBean(MeasurementPlanService.class);
        as(anna, () -> plans.save(g.group().id(), new PlanEntryData("SESSION-ALLIANCE-4", Set.of(Rater.MEMBER), Schedule.everySession(), false, false,
                List.of()), null));
        as(anna, () -> plans.save(g.group().id(), new PlanEntryData("GTB-12", Set.of(Rater.LEADER), Schedule.everySession(), false, false, List.of()), null));
        return anna.principal();
    }

    @Test
    void a_leader_changes_the_drop_a_refused_value_is_marked_on_its_field_and_nothing_is_stored() {
        long id = g.group().id().value();
        navigate("alerts/" + id, GroupAlertsView.class);
        assertThat($(com.vaadin.flow.component.html.Anchor.class).id("alert-rules-link").getHref()).isEqualTo("alert-rules/" + id);

        AlertRulesView view = navigate("alert-rules/" + id, AlertRulesView.class);
        assertThat(view.title.getText()).contains(g.group().name());
        assertThat(view.editors).as("only the member-rated instrument").extracting(e -> e.code).containsExactly("SESSION-ALLIANCE-4");
        AlertRulesView.Editor editor = view.editors.getFirst();
        assertThat(editor.drop.getValue()).isNull();
        assertThat(editor.drop.getHelperText()).startsWith("Default 1");

        test(editor.drop).setValue(0.0);
        test(editor.fall).setValue(41.0);
        test(editor.save).click();
        assertThat(editor.drop.isInvalid()).isTrue();
        assertThat(editor.drop.getErrorMessage()).startsWith("Drop: a positive number of points, at most 40");
        assertThat(editor.fall.isInvalid()).isTrue();
        assertThat(editor.fall.getErrorMessage()).startsWith("Group mean fall:");
        assertThat(as(anna, () -> alerts.ruleSettings(g.group().id())).getFirst().dropOf()).isNull();

        test(editor.drop).setValue(2.5);
        editor.fall.clear();
        test(editor.save).click();
        assertThat(editor.drop.isInvalid()).isFalse();
        assertThat(editor.fall.isInvalid()).isFalse();
        var stored = as(anna, () -> alerts.ruleSettings(g.group().id())).getFirst();
        assertThat(stored.dropOf()).isEqualTo(2.5);
        assertThat(stored.groupFallOf()).isNull();

        AlertRulesView again = navigate("alert-rules/" + id, AlertRulesView.class);
        assertThat(again.editors.getFirst().drop.getValue()).isEqualTo(2.5);
    }
}
