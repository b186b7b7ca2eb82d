package org.groupalliance.security.ui;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.ui.FieldErrors;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.security.ApiToken;
import org.groupalliance.security.ApiTokenService;
import org.groupalliance.security.CreatedToken;

/**
 * Every signed-in user's personal access tokens for scripts ({@code /api/v1}): create one (shown
 * once, read-only, with an expiry), list them with their state, revoke one.
 */
@Route("account/tokens")
@PageTitle("API tokens | GroupAlliance")
@Menu(order = 91, title = "API tokens")
@PermitAll
public class ApiTokensView extends VerticalLayout {

    private final ApiTokenService tokens;
    final TextField label = new TextField("Name");
    final ComboBox<String> validity = new ComboBox<>("Valid for");
    final Button create = new Button("Create token");
    final Div shownOnce = new Div();
    final Grid<ApiToken> grid = new Grid<>();

    public ApiTokensView(ApiTokenService tokens) {
        this.tokens = tokens;
        addClassName("view");
        label.setId("token-label");
        label.setPlaceholder("e.g. R script on my laptop");
        label.setMaxLength(80);
        validity.setId("token-validity");
        validity.setItems("8h", "24h", "7d", "30d", "90d", "366d");
        validity.setAllowCustomValue(true);
        validity.addCustomValueSetListener(e -> validity.setValue(e.getDetail()));
        validity.setValue("30d");
        validity.setHelperText("hours (8h) or days (30d), up to 366 days");
        FieldErrors errors = new FieldErrors().bind("label", label).bind("expiresIn", validity);
        create.setId("create-token");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(e -> {
            errors.clear();
            try {
                CreatedToken made = tokens.createOwn(label.getValue(), ApiTokenService.parseValidity(validity.getValue()));
                showOnce(made);
                label.clear();
                refresh();
            } catch (ValidationException ex) {
                errors.show(ex);
            }
        });
        FormLayout form = new FormLayout(label, validity);
        form.setMaxWidth("560px");
        shownOnce.setId("new-token");

        grid.setId("tokens");
        grid.addColumn(ApiToken::label).setHeader("Name").setAutoWidth(true);
        grid.addColumn(t -> t.prefix() + "…").setHeader("Starts with").setAutoWidth(true);
        grid.addColumn(t -> t.scope().toLowerCase()).setHeader("Scope").setAutoWidth(true);
        grid.addColumn(t -> utc(t.createdAt())).setHeader("Created (UTC)").setAutoWidth(true);
        grid.addColumn(t -> utc(t.expiresAt())).setHeader("Expires (UTC)").setAutoWidth(true);
        grid.addColumn(t -> t.lastUsedAt() == null ? "never" : utc(t.lastUsedAt())).setHeader("Last used (UTC)").setAutoWidth(true);
        grid.addColumn(ApiTokensView::state).setHeader("State").setAutoWidth(true);
        grid.addComponentColumn(t -> {
            Button revoke = new Button("Revoke", e -> revoke(t));
            revoke.setId("revoke-" + t.id());
            revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            revoke.setEnabled(t.activeAt(now()));
            return revoke;
        }).setAutoWidth(true);
        grid.setAllRowsVisible(true);

        add(new H2("API tokens"),
                new Paragraph("A personal access token lets a script read what you may export, as you: send it as "
                        + "'Authorization: Bearer <token>' to /api/v1/export. It is read-only, expires, and is shown only once; "
                        + "only its fingerprint is stored. Every use is in the audit log. Revoke a token you no longer need."),
                form, create, shownOnce, grid);
        refresh();
    }

    private void showOnce(CreatedToken made) {
        shownOnce.removeAll();
        TextField value = new TextField("Your new token (copy it now: it is never shown again)");
        value.setId("new-token-value");
        value.setValue(made.token());
        value.setReadOnly(true);
        value.setWidthFull();
        shownOnce.add(value);
        shownOnce.setWidth("min(100%, 720px)");
    }

    void revoke(ApiToken t) {
        tokens.revoke(t.id());
        Notices.saved("Token '" + t.label() + "' revoked");
        refresh();
    }

    private void refresh() {
        grid.setItems(tokens.mine());
    }

    private static String state(ApiToken t) {
        if (t.revokedAt() != null) {
            return "revoked";
        }
        return t.activeAt(now()) ? "active" : "expired";
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }

    private static String utc(LocalDateTime t) {
        return t.toString().replace('T', ' ').replaceAll("\\.\\d+$", "").replaceAll(":\\d\\d$", "");
    }
}
