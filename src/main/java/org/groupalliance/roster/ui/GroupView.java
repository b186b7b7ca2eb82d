package org.groupalliance.roster.ui;

import java.util.List;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.ui.Dates;
import org.groupalliance.base.ui.FormDialog;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupAccess;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.SubgroupService;
import org.groupalliance.security.Roles;
import org.groupalliance.security.SiteService;
import org.groupalliance.security.UserService;

/** One group: its set-up, and one tab component each for members, subgroups, sessions and observers. */
@Route("groups")
@RolesAllowed({Roles.ADMIN, Roles.FACILITATOR})
public class GroupView extends VerticalLayout implements HasUrlParameter<Long>, HasDynamicTitle {

    private final GroupService groups;
    private final SiteService sites;
    private final UserService users;
    private final GroupAccess access;

    private Group group;
    final H2 title = new H2();
    final Div facts = new Div();
    final TabSheet tabs = new TabSheet();
    final MembersTab membersTab;
    final SubgroupsTab subgroupsTab;
    final SessionsTab sessionsTab;
    final ObserversTab observersTab;
    final com.vaadin.flow.component.html.Anchor insight = new com.vaadin.flow.component.html.Anchor("", "What the ratings say");
    final com.vaadin.flow.component.html.Anchor plan = new com.vaadin.flow.component.html.Anchor("", "Measurement plan");
    final com.vaadin.flow.component.html.Anchor outcomes = new com.vaadin.flow.component.html.Anchor("", "Outcomes");
    final com.vaadin.flow.component.html.Anchor alerts = new com.vaadin.flow.component.html.Anchor("", "Alerts");
    /** The import page (importer feature); shown to the group's leaders, who alone may import. */
    final com.vaadin.flow.component.html.Anchor importRatings = new com.vaadin.flow.component.html.Anchor("", "Import ratings");

    public GroupView(GroupService groups, MemberService members, SubgroupService subgroups, SessionService sessions,
                     SiteService sites, UserService users, GroupAccess access, java.time.Clock clock) {
        this.groups = groups;
        this.sites = sites;
        this.users = users;
        this.access = access;
        membersTab = new MembersTab(members, sessions, access, this::group);
        subgroupsTab = new SubgroupsTab(subgroups, members, sessions, this::group);
        sessionsTab = new SessionsTab(sessions, clock, this::group);
        observersTab = new ObserversTab(groups, users, this::group);
        addClassName("view");
        title.setId("group-title");
        facts.addClassName("facts");
        facts.setId("group-facts");
        Button edit = new Button("Edit group", e -> openGroupDialog());
        edit.setId("edit-group");
        // linked by address: the plan lives in the capture feature, which builds on the roster
        insight.setId("insight-link");
        plan.setId("measurement-plan");
        outcomes.setId("outcomes-link");
        alerts.setId("alerts-link");
        importRatings.setId("import-link");
        HorizontalLayout header = new HorizontalLayout(title, insight, plan, outcomes, alerts, importRatings, edit);
        header.setAlignItems(Alignment.CENTER);
        header.setWidthFull();
        header.addClassName("page-header");
        header.setJustifyContentMode(JustifyContentMode.BETWEEN);
        tabs.setWidthFull();
        tabs.setId("group-tabs");
        tabs.add("Members", membersTab);
        tabs.add("Subgroups", subgroupsTab);
        tabs.add("Sessions", sessionsTab);
        tabs.add("Observers", observersTab);
        add(header, facts, tabs);
    }

    @Override
    public void setParameter(BeforeEvent event, Long groupId) {
        // unknown, forbidden or impossible ids throw NotFoundException, shown by shell.RecordNotFoundView
        group = groups.get(GroupId.fromRoute(groupId));
        insight.setHref("groups/" + groupId + "/insight");
        plan.setHref("plans/" + groupId);
        outcomes.setHref("outcomes/" + groupId);
        alerts.setHref("alerts/" + groupId);
        importRatings.setHref("groups/" + groupId + "/import");
        importRatings.setVisible(access.canSeeNames(group.id())); // true exactly for the group's own leaders
        refresh();
    }

    @Override
    public String getPageTitle() {
        return (group == null ? "Group" : group.name()) + " | GroupAlliance";
    }

    void refresh() {
        group = groups.get(group.id());
        title.setText(group.name());
        var d = group.data();
        facts.removeAll();
        facts.add(new Span(d.modality().label()), new Span(d.format().label()), new Span(d.plannedSessions() + " sessions planned"),
                new Span("Starts " + Dates.date(d.startDate())), new Span("Phases " + d.phases()),
                new Span("Leaders: " + group.leaders().stream().map(l -> l.fullName()).collect(Collectors.joining(", "))),
                new Span("Site: " + group.siteName()));
        membersTab.refresh();
        subgroupsTab.refresh();
        sessionsTab.refresh();
        observersTab.refresh();
    }

    Group group() {
        return group;
    }

    // ---- group -------------------------------------------------------------------------------

    void openGroupDialog() {
        GroupForm form = new GroupForm(sites.findAll(), users.findFacilitators());
        form.setValue(group.data());
        int version = group.version();
        FormDialog dialog = new FormDialog("Edit group", form, form.errors(), () -> {
            groups.update(group.id(), version, form.getValue());
            Notices.saved("Group saved");
            List<GroupService.PhaseChange> changes = groups.phaseChanges(group.id(), form.getValue().phases());
            refresh();
            if (!changes.isEmpty()) {
                confirmPhaseChanges(changes);
            }
            return true;
        });
        dialog.setWidth("min(760px, 100vw)");
        dialog.open();
    }

    /**
     * New boundaries were saved and some past sessions fall in another phase under them: their
     * stored phase changes only if the leader confirms this list.
     */
    void confirmPhaseChanges(List<GroupService.PhaseChange> changes) {
        com.vaadin.flow.component.dialog.Dialog confirm = new com.vaadin.flow.component.dialog.Dialog();
        confirm.setHeaderTitle("Re-assign the phase of past sessions?");
        confirm.setId("phase-changes");
        com.vaadin.flow.component.html.UnorderedList list = new com.vaadin.flow.component.html.UnorderedList();
        changes.forEach(c -> list.add(new com.vaadin.flow.component.html.ListItem("Session " + c.sessionNumber() + ": "
                + c.from().label().toLowerCase() + " → " + c.to().label().toLowerCase())));
        confirm.add(new com.vaadin.flow.component.html.Paragraph("Under the new phase boundaries these sessions would be in another phase. "
                + "Their analyses by phase change with them. Sessions you add from now on follow the new boundaries either way."), list);
        Button keep = new Button("Keep their phases", e -> confirm.close());
        keep.setId("phase-keep");
        Button reassign = new Button("Re-assign " + changes.size() + " session(s)", e -> {
            groups.reassignPhases(group.id());
            Notices.saved("Phases re-assigned");
            confirm.close();
            refresh();
        });
        reassign.setId("phase-reassign");
        reassign.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.getFooter().add(keep, reassign);
        confirm.setWidth("min(520px, 100vw)");
        confirm.open();
    }
}
