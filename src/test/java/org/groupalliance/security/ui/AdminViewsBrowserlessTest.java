package org.groupalliance.security.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import org.groupalliance.base.ui.FormDialog;
import org.groupalliance.security.AppUser;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.AuditQuery;
import org.groupalliance.security.Role;
import org.groupalliance.security.UserService;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.SignedInBrowserlessTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The admin's user management, driven without a browser on MariaDB. */
@MariaDbTest
class AdminViewsBrowserlessTest extends SignedInBrowserlessTest {

    @Autowired ApplicationContext applicationContext;
    @Autowired UserService users;
    @Autowired AuditLog audit;
    Account admin;


    @Override
    protected org.groupalliance.security.AppUserPrincipal signIn() {
        admin = new Actors(applicationContext).newUser(Role.ADMIN, null);
        return admin.principal();
    }



    @Test
    @SuppressWarnings("unchecked")
    void an_admin_creates_a_facilitator_and_sees_the_one_time_password_once() {
        UsersView view = navigate(UsersView.class);
        view.openCreate();
        FormDialog dialog = $(FormDialog.class).single();
        test($(TextField.class, dialog).withId("user-username").single()).setValue("dora.leader");
        test($(TextField.class, dialog).withId("user-fullname").single()).setValue("Dora Demo");
        ComboBox<Role> role = $(ComboBox.class, dialog).withId("user-role").single();
        role.setValue(Role.FACILITATOR);
        test(dialog.saveButton()).click();

        String password = $(Span.class).withId("generated-password").single().getText();
        assertThat(password).matches("[A-Za-z2-9]{16}");
        AppUser dora = as(admin, () -> users.findAll()).stream().filter(u -> u.username().equals("dora.leader")).findFirst().orElseThrow();
        assertThat(dora.role()).isEqualTo(Role.FACILITATOR);
        assertThat(as(admin, () -> audit.search(new AuditQuery(admin.username(), AuditAction.CREATE, "User", null, null, 10))))
                .anySatisfy(e -> assertThat(e.after()).contains("dora.leader").doesNotContain(password));
    }

    @Test
    void a_taken_username_is_shown_next_to_the_field() {
        UsersView view = navigate(UsersView.class);
        view.openCreate();
        FormDialog dialog = $(FormDialog.class).single();
        TextField username = $(TextField.class, dialog).withId("user-username").single();
        test(username).setValue(admin.username());
        test($(TextField.class, dialog).withId("user-fullname").single()).setValue("Someone");
        test(dialog.saveButton()).click();
        assertThat(username.isInvalid()).isTrue();
        assertThat(username.getErrorMessage()).contains("already taken");
        assertThat(dialog.isOpened()).isTrue();
    }

    @Test
    void an_admins_group_list_is_titled_all_groups() {
        org.groupalliance.roster.ui.GroupListView list = navigate(org.groupalliance.roster.ui.GroupListView.class);
        assertThat($(com.vaadin.flow.component.html.H2.class).withId("groups-title").single().getText()).isEqualTo("All groups");
        assertThat(list.getPageTitle()).startsWith("All groups");
        // the facilitator's "My groups" is checked in RosterViewsBrowserlessTest
    }

    @Test
    void verify_audit_log_shows_ok_then_the_first_row_changed_in_sql() {
        org.springframework.jdbc.core.JdbcTemplate jdbc = applicationContext.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
        navigate(AuditView.class);
        test($(com.vaadin.flow.component.button.Button.class).withId("audit-verify").single()).click();
        Span result = $(Span.class).withId("audit-verification").single();
        assertThat(result.getText()).startsWith("OK: audit log intact: ");
        long last = jdbc.queryForObject("SELECT MAX(id) FROM audit_log", Long.class);
        String summary = jdbc.queryForObject("SELECT summary FROM audit_log WHERE id = ?", String.class, last);
        jdbc.update("UPDATE audit_log SET summary = 'rewritten' WHERE id = ?", last);
        try {
            test($(com.vaadin.flow.component.button.Button.class).withId("audit-verify").single()).click();
            assertThat(result.getText()).isEqualTo("audit log broken at row " + last + ": its content does not match its hash (changed after it was written)");
            assertThat(result.getElement().getAttribute("data-intact")).isEqualTo("false");
        } finally {
            jdbc.update("UPDATE audit_log SET summary = ? WHERE id = ?", summary, last);
        }
    }
}
