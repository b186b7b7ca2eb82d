package org.groupalliance.roster.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.base.ui.Dates;
import org.groupalliance.base.ui.FormDialog;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSummary;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Roles;
import org.groupalliance.security.SiteService;
import org.groupalliance.security.UserService;

/** The groups the signed-in facilitator leads; for admins all groups, and titled so. */
@Route("groups")
@Menu(order = 1, title = "Groups")
@RolesAllowed({Roles.ADMIN, Roles.FACILITATOR})
public class GroupListView extends VerticalLayout implements HasDynamicTitle {

    private final GroupService groups;
    private final SiteService sites;
    private final UserService users;
    final Grid<GroupSummary> grid = new Grid<>();
    final Div empty = new Div();
    final Button create = new Button("New group");
    final H2 title = new H2();
    private final boolean admin;

    public GroupListView(GroupService groups, SiteService sites, UserService users, CurrentUser currentUser) {
        this.groups = groups;
        this.sites = sites;
        this.users = users;
        this.admin = currentUser.isAdmin();
        addClassName("view");
        // GroupService.findMyGroups returns every group to an admin: say so
        title.setText(admin ? "All groups" : "My groups");
        title.setId("groups-title");

        create.setId("new-group");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(e -> openCreateDialog());
        HorizontalLayout header = new HorizontalLayout(title, create);
        header.setWidthFull();
        header.addClassName("page-header");
        header.setJustifyContentMode(JustifyContentMode.BETWEEN);
        header.setAlignItems(Alignment.CENTER);

        grid.setId("groups");
        // long names and sites wrap instead of being cut off
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(GroupSummary::name).setHeader("Group").setAutoWidth(true).setFlexGrow(2);
        grid.addColumn(g -> g.modality().label()).setHeader("Modality").setAutoWidth(true);
        grid.addColumn(g -> g.format().label()).setHeader("Format").setAutoWidth(true);
        grid.addColumn(g -> g.sessionsHeld() + " / " + g.plannedSessions()).setHeader("Sessions").setAutoWidth(true);
        grid.addColumn(GroupSummary::currentMembers).setHeader("Current members").setAutoWidth(true);
        grid.addColumn(g -> Dates.date(g.startDate())).setHeader("Start").setAutoWidth(true);
        grid.addColumn(GroupSummary::siteName).setHeader("Site").setAutoWidth(true);
        grid.addItemClickListener(e -> open(e.getItem()));
        grid.addItemDoubleClickListener(e -> open(e.getItem()));
        grid.setAllRowsVisible(true);

        empty.setId("groups-empty");
        empty.addClassName("empty-state");
        empty.setText(admin ? "There are no groups yet. Create one with 'New group'."
                : "You do not lead any group yet. Create one with 'New group'; co-leaders you name will see it too.");

        add(header, grid, empty);
        refresh();
    }

    @Override
    public String getPageTitle() {
        return (admin ? "All groups" : "My groups") + " | GroupAlliance";
    }

    void refresh() {
        var items = groups.findMyGroups();
        grid.setItems(items);
        grid.setVisible(!items.isEmpty());
        empty.setVisible(items.isEmpty());
    }

    private void open(GroupSummary g) {
        getUI().ifPresent(ui -> ui.navigate(GroupView.class, g.id().value()));
    }

    void openCreateDialog() {
        GroupForm form = new GroupForm(sites.findAll(), users.findFacilitators());
        form.setValue(groups.template());
        FormDialog dialog = new FormDialog("New group", form, form.errors(), () -> {
            Group created = groups.create(form.getValue());
            Notices.saved("Group '" + created.name() + "' created");
            refresh();
            getUI().ifPresent(ui -> ui.navigate(GroupView.class, created.id().value()));
            return true;
        });
        dialog.setWidth("min(760px, 100vw)");
        dialog.open();
    }
}
