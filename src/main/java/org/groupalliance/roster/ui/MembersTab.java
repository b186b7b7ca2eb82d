package org.groupalliance.roster.ui;

import java.util.function.Supplier;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import org.groupalliance.base.ui.FormDialog;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.roster.EndStatus;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupAccess;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberData;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.SessionService;

/** The Members tab of {@link GroupView}: the group's members, added and edited in a dialog. */
class MembersTab extends VerticalLayout {

    private final MemberService members;
    private final SessionService sessions;
    private final GroupAccess access;
    private final Supplier<Group> group;
    final Grid<Member> grid = new Grid<>();

    MembersTab(MemberService members, SessionService sessions, GroupAccess access, Supplier<Group> group) {
        this.members = members;
        this.sessions = sessions;
        this.access = access;
        this.group = group;
        Button add = new Button("Add member", e -> openDialog(null));
        add.setId("add-member");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        grid.setId("members");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(Member::label).setHeader("Member").setAutoWidth(true).setFlexGrow(2);
        grid.addColumn(m -> m.data().joinedSession()).setHeader("Joined at").setAutoWidth(true);
        grid.addColumn(m -> m.data().leftSession() == null ? "" : m.data().leftSession()).setHeader("Last session").setAutoWidth(true);
        grid.addColumn(m -> m.data().endStatus().label()).setHeader("Status").setAutoWidth(true);
        grid.addColumn(m -> m.data().endReason() == null ? "" : m.data().endReason()).setHeader("Reason").setFlexGrow(2);
        grid.addItemClickListener(e -> openDialog(e.getItem()));
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No members yet. Add members with their pseudonymous codes.");
        add(add, grid);
    }

    void refresh() {
        grid.setItems(members.findByGroup(group.get().id()));
    }

    void openDialog(Member existing) {
        Group g = group.get();
        MemberForm form = new MemberForm(access.canSeeNames(g.id()));
        // a new member joins at the next session to be held (session 1 before the group starts)
        int joinAt = Math.min(sessions.nextSessionNumber(g.id()), g.data().plannedSessions());
        form.setValue(existing == null ? new MemberData("", null, joinAt, null, EndStatus.ONGOING, null) : existing.data());
        FormDialog dialog = new FormDialog(existing == null ? "Add member" : "Member " + existing.code(), form, form.errors(), () -> {
            if (existing == null) {
                Member m = members.add(g.id(), form.getValue());
                Notices.saved("Member " + m.code() + " added");
            } else {
                members.update(existing.id(), existing.version(), form.getValue());
                Notices.saved("Member saved");
            }
            refresh();
            return true;
        });
        dialog.setWidth("min(640px, 100vw)");
        dialog.open();
    }
}
