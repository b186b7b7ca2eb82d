package org.groupalliance.security.ui;

import java.util.Optional;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
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
import org.groupalliance.security.AppUser;
import org.groupalliance.security.CreatedUser;
import org.groupalliance.security.NewUser;
import org.groupalliance.security.Role;
import org.groupalliance.security.Roles;
import org.groupalliance.security.Site;
import org.groupalliance.security.SiteService;
import org.groupalliance.security.UserService;

/** Admins create accounts, change roles and sites, disable accounts and reset passwords. */
@Route("admin/users")
@PageTitle("Users | GroupAlliance")
@Menu(order = 20, title = "Users")
@RolesAllowed(Roles.ADMIN)
public class UsersView extends VerticalLayout {

    private final UserService users;
    private final SiteService sites;
    final Grid<AppUser> grid = new Grid<>();

    public UsersView(UserService users, SiteService sites) {
        this.users = users;
        this.sites = sites;
        addClassName("view");
        Button create = new Button("New user", e -> openCreate());
        create.setId("new-user");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout header = new HorizontalLayout(new H2("Users"), create);
        header.setWidthFull();
        header.setJustifyContentMode(JustifyContentMode.BETWEEN);
        header.setAlignItems(Alignment.CENTER);

        grid.setId("users");
        grid.addColumn(AppUser::username).setHeader("Username").setAutoWidth(true);
        grid.addColumn(AppUser::fullName).setHeader("Name").setAutoWidth(true);
        grid.addColumn(u -> u.role().name().toLowerCase()).setHeader("Role").setAutoWidth(true);
        grid.addColumn(u -> u.siteId().flatMap(sites::findById).map(Site::name).orElse("")).setHeader("Site").setAutoWidth(true);
        grid.addColumn(u -> u.enabled() ? "active" : "disabled").setHeader("Status").setAutoWidth(true);
        grid.addItemClickListener(e -> openEdit(e.getItem()));
        grid.setAllRowsVisible(true);
        add(header, grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(users.findAll());
    }

    private ComboBox<Site> siteBox() {
        ComboBox<Site> site = new ComboBox<>("Site");
        site.setItems(sites.findAll());
        site.setItemLabelGenerator(Site::name);
        site.setClearButtonVisible(true);
        site.setHelperText("Facilitators run groups at this site");
        site.setId("user-site");
        return site;
    }

    void openCreate() {
        TextField username = new TextField("Username");
        username.setId("user-username");
        TextField fullName = new TextField("Full name");
        fullName.setId("user-fullname");
        ComboBox<Role> role = new ComboBox<>("Role", Role.values());
        role.setId("user-role");
        role.setValue(Role.FACILITATOR);
        ComboBox<Site> site = siteBox();
        FormLayout form = new FormLayout(username, fullName, role, site);
        FieldErrors errors = new FieldErrors().bind("username", username).bind("fullName", fullName).bind("role", role).bind("siteId", site);
        FormDialog dialog = new FormDialog("New user", form, errors, () -> {
            CreatedUser created = users.create(new NewUser(username.getValue(), fullName.getValue(), role.getValue(),
                    Optional.ofNullable(site.getValue()).map(Site::id)));
            refresh();
            showPassword(created.username(), created.initialPassword());
            return true;
        });
        dialog.open();
    }

    void openEdit(AppUser user) {
        TextField fullName = new TextField("Full name");
        fullName.setValue(user.fullName());
        ComboBox<Role> role = new ComboBox<>("Role", Role.values());
        role.setValue(user.role());
        ComboBox<Site> site = siteBox();
        site.setValue(user.siteId().flatMap(sites::findById).orElse(null));
        Checkbox enabled = new Checkbox("Account active", user.enabled());
        enabled.setId("user-enabled");
        Button reset = new Button("Reset password", e -> showPassword(user.username(), users.resetPassword(user.id())));
        reset.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        FormLayout form = new FormLayout(fullName, role, site, enabled, reset);
        FieldErrors errors = new FieldErrors().bind("fullName", fullName).bind("role", role).bind("siteId", site).bind("enabled", enabled);
        FormDialog dialog = new FormDialog("User " + user.username(), form, errors, () -> {
            users.update(user.id(), user.version(), fullName.getValue(), role.getValue(),
                    Optional.ofNullable(site.getValue()).map(Site::id), enabled.getValue());
            Notices.saved("User saved");
            refresh();
            return true;
        });
        dialog.open();
    }

    private void showPassword(String username, String password) {
        Dialog d = new Dialog();
        d.setHeaderTitle("One-time password for " + username);
        Span pw = new Span(password);
        pw.setId("generated-password");
        pw.getStyle().set("font-family", "monospace").set("font-size", "var(--lumo-font-size-xl)");
        d.add(new Paragraph("Give this password to the user in person. It is shown only now; they should change it after signing in."), pw);
        Button ok = new Button("Done", e -> d.close());
        ok.setId("password-done");
        d.getFooter().add(ok);
        d.open();
    }
}
