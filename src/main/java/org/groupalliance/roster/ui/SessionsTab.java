package org.groupalliance.roster.ui;

import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Supplier;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import org.groupalliance.base.ui.Dates;
import org.groupalliance.base.ui.FormDialog;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;

/** The Sessions tab of {@link GroupView}: sessions held; a new one opens its attendance page. */
class SessionsTab extends VerticalLayout {

    private final SessionService sessions;
    private final Clock clock;
    private final Supplier<Group> group;
    final Grid<GroupSession> grid = new Grid<>();

    SessionsTab(SessionService sessions, Clock clock, Supplier<Group> group) {
        this.sessions = sessions;
        this.clock = clock;
        this.group = group;
        Button add = new Button("New session", e -> openDialog());
        add.setId("add-session");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        grid.setId("sessions");
        grid.addColumn(GroupSession::number).setHeader("Session").setAutoWidth(true);
        grid.addColumn(s -> Dates.date(s.data().date())).setHeader("Date").setAutoWidth(true);
        grid.addColumn(s -> s.phase().label()).setHeader("Phase").setAutoWidth(true);
        grid.addColumn(s -> s.data().note() == null ? "" : s.data().note()).setHeader("Note").setFlexGrow(3);
        grid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate(SessionView.class, e.getItem().id().value())));
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No sessions recorded yet. After a session, add it here and take attendance.");
        add(add, grid);
    }

    void refresh() {
        grid.setItems(sessions.findByGroup(group.get().id()));
    }

    void openDialog() {
        Group g = group.get();
        SessionForm form = new SessionForm();
        int next = sessions.nextSessionNumber(g.id());
        LocalDate today = LocalDate.now(clock);
        form.setValue(new SessionData(next, today.isBefore(g.data().startDate()) ? g.data().startDate() : today, null));
        FormDialog dialog = new FormDialog("New session", form, form.errors(), () -> {
            GroupSession s = sessions.create(g.id(), form.getValue());
            Notices.saved("Session " + s.number() + " created: take attendance and enter the forms now");
            // straight to recording it: attendance and the plan's forms on one page (capture's page, linked by address)
            getUI().ifPresent(ui -> ui.navigate("ratings/" + s.id().value()));
            return true;
        });
        dialog.setWidth("min(560px, 100vw)");
        dialog.open();
    }
}
