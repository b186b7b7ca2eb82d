package org.groupalliance.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.base.ui.FieldErrors;
import org.groupalliance.base.ui.FormDialog;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.security.Roles;
import org.groupalliance.security.Site;
import org.groupalliance.security.SiteService;

/** Admins add and rename sites (clinics, research sites). */
@Route("admin/sites")
@PageTitle("Sites | GroupAlliance")
@Menu(order = 21, title = "Sites")
@RolesAllowed(Roles.ADMIN)
public class SitesView extends VerticalLayout {

    private final SiteService sites;
    final Grid<Site> grid = new Grid<>();

    public SitesView(SiteService sites) {
        this.sites = sites;
        addClassName("view");
        Button create = new Button("New site", e -> openDialog(null));
        create.setId("new-site");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout header = new HorizontalLayout(new H2("Sites"), create);
        header.setWidthFull();
        header.setJustifyContentMode(JustifyContentMode.BETWEEN);
        header.setAlignItems(Alignment.CENTER);
        grid.setId("sites");
        grid.addColumn(Site::name).setHeader("Site");
        grid.addItemClickListener(e -> openDialog(e.getItem()));
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No sites yet. Every group belongs to a site: create one first.");
        add(header, grid);
        grid.setItems(sites.findAll());
    }

    private void openDialog(Site existing) {
        TextField name = new TextField("Site name");
        name.setId("site-name");
        if (existing != null) {
            name.setValue(existing.name());
        }
        FieldErrors errors = new FieldErrors().bind("name", name);
        new FormDialog(existing == null ? "New site" : "Rename site", new FormLayout(name), errors, () -> {
            if (existing == null) {
                sites.create(name.getValue());
            } else {
                sites.rename(existing.id(), existing.version(), name.getValue());
            }
            Notices.saved("Site saved");
            grid.setItems(sites.findAll());
            return true;
        }).open();
    }
}
