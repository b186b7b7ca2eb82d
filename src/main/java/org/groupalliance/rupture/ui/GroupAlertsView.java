package org.groupalliance.rupture.ui;

import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.ui.FieldErrors;
import org.groupalliance.base.ui.FormDialog;
import org.groupalliance.base.ui.Numbers;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.Subgroup;
import org.groupalliance.rupture.Alert;
import org.groupalliance.rupture.AlertService;
import org.groupalliance.rupture.Rupture;
import org.groupalliance.rupture.RuptureData;
import org.groupalliance.rupture.RuptureService;
import org.groupalliance.rupture.RuptureSummary;
import org.groupalliance.rupture.RuptureSummaryService;
import org.groupalliance.security.Roles;

/** A group's alerts (every status), its rupture records, a record opened by hand, and the group's summary. */
@Route("alerts")
@RolesAllowed(Roles.FACILITATOR)
public class GroupAlertsView extends VerticalLayout implements HasUrlParameter<Long>, HasDynamicTitle {

    private final AlertService alerts;
    private final RuptureService ruptures;
    private final RuptureSummaryService summaries;
    private GroupId group;
    private String groupName = "Group";
    final H2 title = new H2();
    final Grid<Alert> alertGrid = new Grid<>();
    final Grid<Rupture> recordGrid = new Grid<>();
    final Div summary = new Div();
    final Anchor rulesLink = new Anchor();

    public GroupAlertsView(AlertService alerts, RuptureService ruptures, RuptureSummaryService summaries) {
        this.alerts = alerts;
        this.ruptures = ruptures;
        this.summaries = summaries;
        addClassName("view");
        title.setId("alerts-title");
        alertGrid.setId("alert-grid");
        alertGrid.addColumn(Alert::sessionNumber).setHeader("Session").setAutoWidth(true).setFlexGrow(0);
        alertGrid.addColumn(a -> a.rule().label()).setHeader("Rule").setAutoWidth(true);
        alertGrid.addColumn(Alert::text).setHeader("What").setFlexGrow(3);
        alertGrid.addColumn(a -> switch (a.status()) {
            case ACTIVE -> "needs attention";
            case DISMISSED -> "dismissed: " + a.dismissReason();
            case IN_RECORD -> "rupture record";
            case WITHDRAWN -> "withdrawn (rating corrected)";
        }).setHeader("Status").setAutoWidth(true);
        alertGrid.setAllRowsVisible(true);
        recordGrid.setId("record-grid");
        recordGrid.addComponentColumn(r -> new Anchor("ruptures/" + r.id().value(), r.withLabel())).setHeader("With");
        recordGrid.addColumn(r -> r.marker().label()).setHeader("Marker");
        recordGrid.addColumn(Rupture::noticedSession).setHeader("Noticed in session");
        recordGrid.addColumn(r -> r.state() == Rupture.State.CLOSED ? r.outcome().label() : r.state() == Rupture.State.OPEN ? "open" : "in progress")
                .setHeader("State");
        recordGrid.setAllRowsVisible(true);
        summary.setId("rupture-summary");
        Button byHand = new Button("New rupture record", e -> openByHand());
        byHand.setId("new-rupture");
        rulesLink.setId("alert-rules-link");
        rulesLink.setText("Alert rules (drop and group fall per instrument)");
        add(title, rulesLink, new H3("Alerts"), alertGrid, new HorizontalLayout(new H3("Rupture records"), byHand), recordGrid, new H3("Summary"), summary);
    }

    @Override
    public void setParameter(BeforeEvent event, Long id) {
        try {
            group = new GroupId(id);
            rulesLink.setHref("alert-rules/" + id);
            List<Alert> all = alerts.forGroup(group);
            alertGrid.setItems(all);
            groupName = summaries.forGroup(group).label();
        } catch (NotFoundException | IllegalArgumentException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "Group not found, or you do not have access to it.");
            return;
        }
        refresh();
    }

    @Override
    public String getPageTitle() {
        return "Alerts: " + groupName + " | GroupAlliance";
    }

    void refresh() {
        title.setText("Alerts and ruptures: " + groupName);
        alertGrid.setItems(alerts.forGroup(group));
        recordGrid.setItems(ruptures.forGroup(group));
        RuptureSummary s = summaries.forGroup(group);
        summary.removeAll();
        summary.add(line("Alerts: " + s.alerts() + "; rupture records: " + s.records() + " (" + s.notClosed() + " not closed)"),
                line("Repaired " + s.repaired() + ", unrepaired " + s.unrepaired() + ", planned ending " + s.plannedEnding() + ", dropped out "
                        + s.droppedOut()),
                line("Sessions to resolution: mean " + Numbers.score(s.sessionsToResolutionMean()) + ", median "
                        + Numbers.score(s.sessionsToResolutionMedian()) + " (n " + s.resolvedN() + ")"));
        s.steps().forEach(c -> summary.add(line("Step " + c.step() + ": " + c.repaired() + " of " + s.repaired() + " repaired, " + c.unrepaired() + " of "
                + s.unrepaired() + " unrepaired")));
    }

    private static Div line(String text) {
        Div d = new Div(new Span(text));
        d.addClassName("summary-line");
        return d;
    }

    private void openByHand() {
        RadioButtonGroup<Rupture.With> with = new RadioButtonGroup<>("With whom");
        with.setId("rupture-with");
        with.setItems(Rupture.With.values());
        with.setItemLabelGenerator(w -> switch (w) {
            case MEMBER -> "A member";
            case SUBGROUP -> "A subgroup";
            case WHOLE_GROUP -> "The whole group";
        });
        with.setValue(Rupture.With.MEMBER);
        Select<Member> member = new Select<>();
        member.setLabel("Member");
        member.setId("rupture-member");
        member.setItems(ruptures.members(group));
        member.setItemLabelGenerator(Member::label);
        Select<Subgroup> subgroup = new Select<>();
        subgroup.setLabel("Subgroup");
        subgroup.setId("rupture-subgroup");
        subgroup.setItems(ruptures.subgroups(group));
        subgroup.setItemLabelGenerator(Subgroup::name);
        RadioButtonGroup<Rupture.Marker> marker = new RadioButtonGroup<>("Marker");
        marker.setId("marker");
        marker.setItems(Rupture.Marker.values());
        marker.setItemLabelGenerator(Rupture.Marker::label);
        IntegerField session = new IntegerField("Noticed in session");
        session.setId("rupture-session");
        FieldErrors errors = new FieldErrors().bind("member", member).bind("subgroup", subgroup).bind("marker", marker)
                .bind("noticedSession", session).bind("with", with);
        FormDialog d = new FormDialog("New rupture record", new FormLayout(with, member, subgroup, marker, session), errors, () -> {
            Rupture r = ruptures.open(group, new RuptureData(with.getValue(), member.getValue() == null ? null : member.getValue().id(),
                    subgroup.getValue() == null ? null : subgroup.getValue().id(), marker.getValue(), session.getValue() == null ? 0 : session.getValue()));
            getUI().ifPresent(ui -> ui.navigate(RuptureView.class, r.id().value()));
            return true;
        });
        d.open();
    }
}
