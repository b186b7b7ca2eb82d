package org.groupalliance.rupture.ui;

import java.time.format.DateTimeFormatter;
import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.ui.FieldErrors;
import org.groupalliance.base.ui.FormDialog;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.rupture.Alert;
import org.groupalliance.rupture.AlertService;
import org.groupalliance.rupture.Rupture;
import org.groupalliance.rupture.RuptureService;
import org.groupalliance.security.Roles;

/**
 * A leader's home: what needs attention across their groups, newest first, to read before the
 * next session. Each alert can be dismissed with a reason or opened as a rupture record.
 */
@Route("attention")
@PageTitle("Needs attention | GroupAlliance")
@Menu(order = 0, title = "Needs attention")
@RolesAllowed(Roles.FACILITATOR)
public class NeedsAttentionView extends VerticalLayout {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm");

    private final AlertService alerts;
    private final RuptureService ruptures;
    final Div list = new Div();
    final TextField email = new TextField("E-mail for alerts (no details are ever sent)");

    public NeedsAttentionView(AlertService alerts, RuptureService ruptures) {
        this.alerts = alerts;
        this.ruptures = ruptures;
        addClassName("view");
        H2 title = new H2("Needs attention");
        title.setId("attention-title");
        list.setId("attention-list");
        list.setWidthFull();
        Anchor groups = new Anchor("groups", "My groups");
        groups.setId("my-groups-link");

        email.setId("alert-email");
        email.setValue(alerts.mailAddress());
        email.setWidth("22em");
        FieldErrors errors = new FieldErrors().bind("email", email);
        Button saveMail = new Button("Save address", e -> {
            errors.clear();
            try {
                alerts.saveMailAddress(email.getValue());
                Notices.saved(email.getValue().isBlank() ? "No alert e-mails" : "Alert e-mails go to " + email.getValue().strip());
            } catch (ValidationException ex) {
                errors.show(ex);
            }
        });
        saveMail.setId("save-alert-email");
        HorizontalLayout mail = new HorizontalLayout(email, saveMail);
        mail.setAlignItems(Alignment.BASELINE);
        add(new HorizontalLayout(title, groups), list, mail);
        refresh();
    }

    void refresh() {
        list.removeAll();
        List<Alert> active = alerts.needsAttention();
        if (active.isEmpty()) {
            Paragraph none = new Paragraph("Nothing needs attention.");
            none.setId("attention-empty");
            list.add(none);
        }
        for (Alert a : active) {
            list.add(card(a));
        }
    }

    private Div card(Alert a) {
        Div card = new Div();
        card.setId("alert-" + a.id());
        card.addClassName("alert-card");
        Anchor group = new Anchor("alerts/" + a.groupId().value(), a.groupName());
        Span when = new Span("Session " + a.sessionNumber() + " · " + a.instrumentCode() + " · " + WHEN.format(a.createdAt()));
        when.addClassName("muted");
        Span rule = new Span(a.rule().label());
        rule.addClassName("alert-rule");
        Paragraph text = new Paragraph(a.text());
        text.addClassName("alert-text");
        Button open = new Button("Open rupture record", e -> openRecord(a));
        open.setId("open-record-" + a.id());
        open.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
        Button dismiss = new Button("Dismiss", e -> dismiss(a));
        dismiss.setId("dismiss-" + a.id());
        dismiss.addThemeVariants(ButtonVariant.LUMO_SMALL);
        card.add(new HorizontalLayout(group, when), rule, text, new HorizontalLayout(open, dismiss));
        return card;
    }

    private void dismiss(Alert a) {
        TextArea reason = new TextArea("Why does it need no action?");
        reason.setId("dismiss-reason");
        reason.setWidthFull();
        FieldErrors errors = new FieldErrors().bind("reason", reason);
        FormDialog d = new FormDialog("Dismiss alert", reason, errors, () -> {
            alerts.dismiss(a.id(), a.version(), reason.getValue());
            Notices.saved("Alert dismissed");
            refresh();
            return true;
        });
        d.open();
    }

    private void openRecord(Alert a) {
        RadioButtonGroup<Rupture.Marker> marker = new RadioButtonGroup<>("Marker");
        marker.setId("marker");
        marker.setItems(Rupture.Marker.values());
        marker.setItemLabelGenerator(Rupture.Marker::label);
        marker.setValue(Rupture.Marker.WITHDRAWAL);
        FieldErrors errors = new FieldErrors().bind("marker", marker);
        FormDialog d = new FormDialog("Open a rupture record: " + a.subject(), new VerticalLayout(new Paragraph(a.text()), marker), errors, () -> {
            Rupture r = ruptures.openFromAlert(a.id(), a.version(), marker.getValue());
            getUI().ifPresent(ui -> ui.navigate(RuptureView.class, r.id().value()));
            return true;
        });
        d.open();
    }
}
