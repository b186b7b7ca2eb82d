package org.groupalliance.roster.ui;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.ui.FormDialog;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.Subgroup;
import org.groupalliance.roster.SubgroupMembership;
import org.groupalliance.roster.SubgroupService;

/** The Subgroups tab of {@link GroupView}: named sets of members with the sessions they belong from and to. */
class SubgroupsTab extends VerticalLayout {

    private final SubgroupService subgroups;
    private final MemberService members;
    private final SessionService sessions;
    private final Supplier<Group> group;
    final Grid<Subgroup> grid = new Grid<>();

    SubgroupsTab(SubgroupService subgroups, MemberService members, SessionService sessions, Supplier<Group> group) {
        this.subgroups = subgroups;
        this.members = members;
        this.sessions = sessions;
        this.group = group;
        Button add = new Button("New subgroup", e -> openDialog(null));
        add.setId("add-subgroup");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        grid.setId("subgroups");
        grid.addColumn(Subgroup::name).setHeader("Subgroup").setAutoWidth(true);
        grid.addColumn(s -> s.memberships().stream().map(SubgroupsTab::describe).collect(Collectors.joining(", ")))
                .setHeader("Members (sessions)").setFlexGrow(3);
        grid.addItemClickListener(e -> openDialog(e.getItem()));
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No subgroups. A subgroup is a named set of members, e.g. 'new members' or a pair.");
        add(add, grid);
    }

    void refresh() {
        grid.setItems(subgroups.findByGroup(group.get().id()));
    }

    void openDialog(Subgroup existing) {
        Group g = group.get();
        List<Member> all = members.findByGroup(g.id());
        SubgroupForm form = new SubgroupForm(all);
        int from = Math.max(1, sessions.nextSessionNumber(g.id()));
        int fromSession = Math.min(from, g.data().plannedSessions());
        if (existing == null) {
            form.setValue("", Set.of(), 1);
        } else {
            Set<MemberId> current = existing.membersAt(fromSession).stream().map(SubgroupMembership::memberId)
                    .collect(Collectors.toSet());
            form.setValue(existing.name(), current, fromSession);
        }
        FormDialog dialog = new FormDialog(existing == null ? "New subgroup" : "Subgroup " + existing.name(), form, form.errors(), () -> {
            if (existing == null) {
                subgroups.create(g.id(), form.getName(), form.getMembers(), form.getFromSession());
            } else {
                subgroups.update(existing.id(), existing.version(), form.getName(), form.getMembers(), form.getFromSession());
            }
            Notices.saved("Subgroup saved");
            refresh();
            return true;
        });
        dialog.setWidth("min(560px, 100vw)");
        dialog.open();
    }

    /** One membership as "CODE (from–to)". */
    static String describe(SubgroupMembership m) {
        return m.memberCode() + " (" + m.validFrom() + "–" + (m.validTo() == null ? "" : m.validTo()) + ")";
    }
}
