package org.groupalliance.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.ui.FieldErrors;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.security.Passwords;
import org.groupalliance.security.UserService;

/** Every user changes their own password here. */
@Route("account/password")
@PageTitle("My password | GroupAlliance")
@Menu(order = 90, title = "My password")
@PermitAll
public class PasswordView extends VerticalLayout {

    final PasswordField current = new PasswordField("Current password");
    final PasswordField next = new PasswordField("New password");
    final PasswordField repeat = new PasswordField("Repeat new password");

    public PasswordView(UserService users) {
        addClassName("view");
        current.setId("current-password");
        next.setId("new-password");
        next.setHelperText("At least " + Passwords.MIN_LENGTH + " characters; a passphrase is easiest");
        repeat.setId("repeat-password");
        FieldErrors errors = new FieldErrors().bind("currentPassword", current).bind("newPassword", next).bind("repeatPassword", repeat);
        Button change = new Button("Change password", e -> {
            errors.clear();
            try {
                users.changeOwnPassword(current.getValue(), next.getValue(), repeat.getValue());
                current.clear();
                next.clear();
                repeat.clear();
                Notices.saved("Password changed");
            } catch (ValidationException ex) {
                errors.show(ex);
            }
        });
        change.setId("change-password");
        change.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        FormLayout form = new FormLayout(current, next, repeat);
        form.setMaxWidth("480px");
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        add(new H2("My password"), form, change);
    }
}
