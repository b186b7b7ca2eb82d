package org.groupalliance.roster.ui;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
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
import org.groupalliance.roster.EndStatus;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupAccess;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Leader;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberData;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.Subgroup;
import org.groupalliance.roster.SubgroupMembership;
import org.groupalliance.roster.SubgroupService;
import org.groupalliance.security.AppUser;
import org.groupalliance.security.Roles;
import org.groupalliance.security.SiteService;
import org.groupalliance.security.UserService;

/** One group: its set-up, and tabs for members, subgroups and sessions. */
@Route("groups")
@RolesAllowed({Roles.ADMIN, Roles.FACILITATOR})
public class GroupView extends VerticalLayout implements HasUrlParameter<Long>, HasDynamicTitle {

    private final GroupService groups;
    private final MemberService members;
    private final SubgroupService subgroups;
    private final SessionService sessions;
    private final SiteService sites;
    private final UserService users;
    private final GroupAccess access;

    private Group group;
    final H2 title = new H2();
    final Div facts = new Div();
    final Grid<Member> memberGrid = new Grid<>();
    final Grid<Subgroup> subgroupGrid = new Grid<>();
    final Grid<GroupSession> sessionGrid = new Grid<>();
    final TabSheet tabs = new TabSheet();
    final com.vaadin.flow.component.html.Anchor plan = new com.vaadin.flow.component.html.Anchor("", "Measurement plan");
    final com.vaadin.flow.component.html.Anchor outcomes = new com.vaadin.flow.component.html.Anchor("", "Outcomes");
    final com.vaadin.flow.component.html.Anchor alerts = new com.vaadin.flow.component.html.Anchor("", "Alerts");
    final Grid<Leader> observerGrid = new Grid<>();
    final ComboBox<AppUser> observerChoice = new ComboBox<>("Observer account");

    private final java.time.Clock clock;

    public GroupView(GroupService groups, MemberService members, SubgroupService subgroups, SessionService sessions,
                     SiteService sites, UserService users, GroupAccess access, java.time.Clock clock) {
        this.clock = clock;
        this.groups = groups;
        this.members = members;
        this.subgroups = subgroups;
        this.sessions = sessions;
        this.sites = sites;
        this.users = users;
        this.access = access;
        addClassName("view");
        title.setId("group-title");
        facts.addClassName("facts");
        facts.setId("group-facts");
        Button edit = new Button("Edit group", e -> openGroupDialog());
        edit.setId("edit-group");
        // linked by address: the plan lives in the capture feature, which builds on the roster
        plan.setId("measurement-plan");
        outcomes.setId("outcomes-link");
        alerts.setId("alerts-link");
        HorizontalLayout header = new HorizontalLayout(title, plan, outcomes, alerts, edit);
        header.setAlignItems(Alignment.CENTER);
        header.setWidthFull();
        header.addClassName("page-header");
        header.setJustifyContentMode(JustifyContentMode.BETWEEN);
        tabs.setWidthFull();
        tabs.setId("group-tabs");
        tabs.add("Members", membersTab());
        tabs.add("Subgroups", subgroupsTab());
        tabs.add("Sessions", sessionsTab());
        tabs.add("Observers", observersTab());
        add(header, facts, tabs);
    }

    @Override
    public void setParameter(BeforeEvent event, Long groupId) {
        // unknown, forbidden or impossible ids throw NotFoundException, shown by shell.RecordNotFoundView
        group = groups.get(GroupId.fromRoute(groupId));
        plan.setHref("plans/" + groupId);
        outcomes.setHref("outcomes/" + groupId);
        alerts.setHref("alerts/" + groupId);
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
        memberGrid.setItems(members.findByGroup(group.id()));
        subgroupGrid.setItems(subgroups.findByGroup(group.id()));
        sessionGrid.setItems(sessions.findByGroup(group.id()));
        observerGrid.setItems(groups.observers(group.id()));
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

    // ---- members -----------------------------------------------------------------------------

    private VerticalLayout membersTab() {
        Button add = new Button("Add member", e -> openMemberDialog(null));
        add.setId("add-member");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        memberGrid.setId("members");
        memberGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        memberGrid.addColumn(Member::label).setHeader("Member").setAutoWidth(true).setFlexGrow(2);
        memberGrid.addColumn(m -> m.data().joinedSession()).setHeader("Joined at").setAutoWidth(true);
        memberGrid.addColumn(m -> m.data().leftSession() == null ? "" : m.data().leftSession()).setHeader("Last session").setAutoWidth(true);
        memberGrid.addColumn(m -> m.data().endStatus().label()).setHeader("Status").setAutoWidth(true);
        memberGrid.addColumn(m -> m.data().endReason() == null ? "" : m.data().endReason()).setHeader("Reason").setFlexGrow(2);
        memberGrid.addItemClickListener(e -> openMemberDialog(e.getItem()));
        memberGrid.setAllRowsVisible(true);
        memberGrid.setEmptyStateText("No members yet. Add members with their pseudonymous codes.");
        return new VerticalLayout(add, memberGrid);
    }

    void openMemberDialog(Member existing) {
        MemberForm form = new MemberForm(access.canSeeNames(group.id()));
        // a new member joins at the next session to be held (session 1 before the group starts)
        int joinAt = Math.min(sessions.nextSessionNumber(group.id()), group.data().plannedSessions());
        form.setValue(existing == null ? new MemberData("", null, joinAt, null, EndStatus.ONGOING, null) : existing.data());
        FormDialog dialog = new FormDialog(existing == null ? "Add member" : "Member " + existing.code(), form, form.errors(), () -> {
            if (existing == null) {
                Member m = members.add(group.id(), form.getValue());
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

    // ---- subgroups ---------------------------------------------------------------------------

    private VerticalLayout subgroupsTab() {
        Button add = new Button("New subgroup", e -> openSubgroupDialog(null));
        add.setId("add-subgroup");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        subgroupGrid.setId("subgroups");
        subgroupGrid.addColumn(Subgroup::name).setHeader("Subgroup").setAutoWidth(true);
        subgroupGrid.addColumn(s -> s.memberships().stream().map(SubgroupView::describe).collect(Collectors.joining(", ")))
                .setHeader("Members (sessions)").setFlexGrow(3);
        subgroupGrid.addItemClickListener(e -> openSubgroupDialog(e.getItem()));
        subgroupGrid.setAllRowsVisible(true);
        subgroupGrid.setEmptyStateText("No subgroups. A subgroup is a named set of members, e.g. 'new members' or a pair.");
        return new VerticalLayout(add, subgroupGrid);
    }

    void openSubgroupDialog(Subgroup existing) {
        List<Member> all = members.findByGroup(group.id());
        SubgroupForm form = new SubgroupForm(all);
        int from = Math.max(1, sessions.nextSessionNumber(group.id()));
        int fromSession = Math.min(from, group.data().plannedSessions());
        if (existing == null) {
            form.setValue("", Set.of(), 1);
        } else {
            Set<org.groupalliance.base.MemberId> current = existing.membersAt(fromSession).stream().map(SubgroupMembership::memberId)
                    .collect(Collectors.toSet());
            form.setValue(existing.name(), current, fromSession);
        }
        FormDialog dialog = new FormDialog(existing == null ? "New subgroup" : "Subgroup " + existing.name(), form, form.errors(), () -> {
            if (existing == null) {
                subgroups.create(group.id(), form.getName(), form.getMembers(), form.getFromSession());
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

    /** Formatting of subgroup memberships, shared by the grid. */
    static final class SubgroupView {
        private SubgroupView() {
        }

        static String describe(SubgroupMembership m) {
            return m.memberCode() + " (" + m.validFrom() + "–" + (m.validTo() == null ? "" : m.validTo()) + ")";
        }
    }

    // ---- sessions ----------------------------------------------------------------------------

    private VerticalLayout sessionsTab() {
        Button add = new Button("New session", e -> openSessionDialog());
        add.setId("add-session");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        sessionGrid.setId("sessions");
        sessionGrid.addColumn(GroupSession::number).setHeader("Session").setAutoWidth(true);
        sessionGrid.addColumn(s -> Dates.date(s.data().date())).setHeader("Date").setAutoWidth(true);
        sessionGrid.addColumn(s -> s.phase().label()).setHeader("Phase").setAutoWidth(true);
        sessionGrid.addColumn(s -> s.data().note() == null ? "" : s.data().note()).setHeader("Note").setFlexGrow(3);
        sessionGrid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate(SessionView.class, e.getItem().id().value())));
        sessionGrid.setAllRowsVisible(true);
        sessionGrid.setEmptyStateText("No sessions recorded yet. After a session, add it here and take attendance.");
        return new VerticalLayout(add, sessionGrid);
    }

    void openSessionDialog() {
        SessionForm form = new SessionForm();
        int next = sessions.nextSessionNumber(group.id());
        form.setValue(new SessionData(next, LocalDate.now(clock).isBefore(group.data().startDate()) ? group.data().startDate() : LocalDate.now(clock), null));
        FormDialog dialog = new FormDialog("New session", form, form.errors(), () -> {
            GroupSession s = sessions.create(group.id(), form.getValue());
            Notices.saved("Session " + s.number() + " created: take attendance and enter the forms now");
            // straight to recording it: attendance and the plan's forms on one page (capture's page, linked by address)
            getUI().ifPresent(ui -> ui.navigate("ratings/" + s.id().value()));
            return true;
        });
        dialog.setWidth("min(560px, 100vw)");
        dialog.open();
    }

    // ---- observers ---------------------------------------------------------------------------

    private VerticalLayout observersTab() {
        observerChoice.setId("observer-choice");
        observerChoice.setItemLabelGenerator(u -> u.fullName() + " (" + u.username() + ")");
        observerChoice.setHelperText("Observers rate the sessions the measurement plan asks observers to rate; they see member codes only");
        observerChoice.addFocusListener(e -> observerChoice.setItems(users.findObservers()));
        Button assign = new Button("Assign", e -> {
            try {
                groups.assignObserver(group.id(), observerChoice.getValue() == null ? null : observerChoice.getValue().id());
                observerChoice.setInvalid(false);
                observerChoice.clear();
                Notices.saved("Observer assigned");
                refresh();
            } catch (org.groupalliance.base.ValidationException ex) {
                observerChoice.setErrorMessage(String.join(" ", ex.fieldErrors().values()));
                observerChoice.setInvalid(true);
            }
        });
        assign.setId("assign-observer");
        observerGrid.setId("observers");
        observerGrid.addColumn(Leader::fullName).setHeader("Observer").setAutoWidth(true);
        observerGrid.addColumn(Leader::username).setHeader("Account").setAutoWidth(true);
        observerGrid.addComponentColumn(o -> {
            Button remove = new Button("Remove", e -> {
                groups.unassignObserver(group.id(), o.userId());
                Notices.saved("Observer removed");
                refresh();
            });
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            return remove;
        }).setAutoWidth(true);
        observerGrid.setAllRowsVisible(true);
        observerGrid.setEmptyStateText("No observers assigned.");
        HorizontalLayout addRow = new HorizontalLayout(observerChoice, assign);
        addRow.setAlignItems(Alignment.BASELINE);
        return new VerticalLayout(addRow, observerGrid);
    }
}
