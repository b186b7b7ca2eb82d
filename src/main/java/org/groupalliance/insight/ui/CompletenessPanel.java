package org.groupalliance.insight.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import org.groupalliance.insight.GroupCompleteness;

/** Planned forms received, per held session and per member (the forms they complete and those completed about them). */
final class CompletenessPanel extends Div {

    final Grid<GroupCompleteness.SessionRow> sessions = new Grid<>();
    final Grid<GroupCompleteness.MemberCompletenessRow> members = new Grid<>();

    CompletenessPanel(GroupCompleteness c) {
        setId("completeness");
        setWidthFull();
        Paragraph total = new Paragraph(c.total().summary() + ".");
        total.setId("completeness-total");
        sessions.setId("completeness-sessions");
        sessions.addThemeVariants(GridVariant.LUMO_COMPACT);
        sessions.addColumn(GroupCompleteness.SessionRow::session).setHeader("Session").setAutoWidth(true);
        sessions.addColumn(GroupCompleteness.SessionRow::phase).setHeader("Phase").setAutoWidth(true);
        sessions.addColumn(r -> r.forms().summary()).setHeader("Planned forms received").setAutoWidth(true);
        sessions.addColumn(r -> r.forms().missing()).setHeader("Missing").setAutoWidth(true);
        sessions.setItems(c.sessions());
        sessions.setAllRowsVisible(true);
        members.setId("completeness-members");
        members.addThemeVariants(GridVariant.LUMO_COMPACT);
        members.addColumn(GroupCompleteness.MemberCompletenessRow::member).setHeader("Member").setAutoWidth(true);
        members.addColumn(r -> r.own().summary()).setHeader("Own forms received").setAutoWidth(true);
        members.addColumn(r -> r.about().summary()).setHeader("Forms about them received").setAutoWidth(true);
        members.setItems(c.members());
        members.setAllRowsVisible(true);
        add(new H3("Planned forms received"), total, sessions, members);
    }
}
