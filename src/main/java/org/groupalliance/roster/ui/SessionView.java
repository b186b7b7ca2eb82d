package org.groupalliance.roster.ui;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.ui.Dates;
import org.groupalliance.base.ui.FormDialog;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.roster.AttendanceRow;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.Roles;

/** One session: its facts and the attendance sheet, one row per member of the group at that session. */
@Route("sessions")
@RolesAllowed({Roles.ADMIN, Roles.FACILITATOR})
public class SessionView extends VerticalLayout implements HasUrlParameter<Long>, HasDynamicTitle {

    private final SessionService sessions;
    private final GroupService groups;
    private GroupSession session;
    private String groupName = "";
    final H2 title = new H2();
    final Div facts = new Div();
    final Grid<AttendanceRow> attendance = new Grid<>();
    final Map<MemberId, RadioButtonGroup<AttendanceStatus>> statusFields = new LinkedHashMap<>();
    final Div error = new Div();
    final Button save = new Button("Save attendance");
    final Button allPresent = new Button("Mark all present");
    final com.vaadin.flow.component.html.Anchor ratingsLink = new com.vaadin.flow.component.html.Anchor("", "Ratings");

    public SessionView(SessionService sessions, GroupService groups) {
        this.sessions = sessions;
        this.groups = groups;
        addClassName("view");
        title.setId("session-title");
        facts.addClassName("facts");
        error.addClassName("form-error");
        error.setId("attendance-error");
        error.setVisible(false);

        Button back = new Button("Back to group", e -> getUI().ifPresent(ui -> ui.navigate(GroupView.class, session.groupId().value())));
        back.setId("back-to-group");
        back.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        Button edit = new Button("Edit session", e -> openEditDialog());
        edit.setId("edit-session");
        // linked by address: ratings live in the capture feature, which builds on the roster
        ratingsLink.setId("session-ratings");
        HorizontalLayout header = new HorizontalLayout(back, title, edit, ratingsLink);
        header.setAlignItems(Alignment.CENTER);
        header.setWrap(true);
        header.addClassName("page-header");

        attendance.setId("attendance");
        attendance.addColumn(r -> r.member().label()).setHeader("Member").setAutoWidth(true).setFlexGrow(1);
        attendance.addComponentColumn(r -> statusFields.get(r.member().id())).setHeader("Attendance").setFlexGrow(3);
        attendance.setAllRowsVisible(true);
        attendance.setEmptyStateText("Nobody belongs to the group at this session. Add members (with their joining session) on the group page.");

        save.setId("save-attendance");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> saveAttendance());
        allPresent.setId("all-present");
        allPresent.addClickListener(e -> statusFields.values().forEach(f -> {
            if (f.getValue() == null) {
                f.setValue(AttendanceStatus.PRESENT);
            }
        }));
        add(header, facts, error, attendance, new HorizontalLayout(allPresent, save));
    }

    @Override
    public void setParameter(BeforeEvent event, Long sessionId) {
        // unknown, forbidden or impossible ids throw NotFoundException, shown by shell.RecordNotFoundView
        session = sessions.get(SessionId.fromRoute(sessionId));
        groupName = groups.get(session.groupId()).name();
        ratingsLink.setHref("ratings/" + sessionId);
        refresh();
    }

    @Override
    public String getPageTitle() {
        return session == null ? "Session | GroupAlliance" : groupName + ", session " + session.number() + " | GroupAlliance";
    }

    void refresh() {
        session = sessions.get(session.id());
        title.setText(groupName + " · session " + session.number());
        facts.removeAll();
        Span phase = new Span(session.phase().label() + " phase");
        phase.addClassName("phase-badge");
        facts.add(new Span(Dates.date(session.data().date())), phase);
        if (session.data().note() != null) {
            facts.add(new Span(session.data().note()));
        }
        List<AttendanceRow> rows = sessions.attendance(session.id());
        statusFields.clear();
        for (AttendanceRow row : rows) {
            RadioButtonGroup<AttendanceStatus> status = new RadioButtonGroup<>();
            status.setItems(AttendanceStatus.values());
            status.setItemLabelGenerator(AttendanceStatus::label);
            status.setValue(row.status());
            status.setId("status-" + row.member().code());
            status.setAriaLabel("Attendance of " + row.member().code());
            statusFields.put(row.member().id(), status);
        }
        attendance.setItems(rows);
        error.setVisible(false);
    }

    GroupSession session() {
        return session;
    }

    void saveAttendance() {
        Map<MemberId, AttendanceStatus> sheet = new LinkedHashMap<>();
        statusFields.forEach((member, field) -> sheet.put(member, field.getValue()));
        long missing = sheet.values().stream().filter(s -> s == null).count();
        try {
            sessions.recordAttendance(session.id(), session.version(), sheet);
            Map<AttendanceStatus, Integer> counts = new EnumMap<>(AttendanceStatus.class);
            sheet.values().stream().filter(s -> s != null).forEach(s -> counts.merge(s, 1, Integer::sum));
            Notices.saved("Attendance saved" + (missing > 0 ? " (" + missing + " not yet recorded)" : ""));
            refresh();
        } catch (ValidationException | ConcurrentEditException e) {
            error.setText(e instanceof ValidationException v ? String.join(" ", v.fieldErrors().values()) : e.getMessage());
            error.setVisible(true);
        }
    }

    void openEditDialog() {
        SessionForm form = new SessionForm();
        form.setValue(session.data());
        int version = session.version();
        FormDialog dialog = new FormDialog("Edit session", form, form.errors(), () -> {
            sessions.update(session.id(), version, form.getValue());
            Notices.saved("Session saved");
            refresh();
            return true;
        });
        dialog.setWidth("min(560px, 100vw)");
        dialog.open();
    }
}
