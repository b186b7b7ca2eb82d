package org.groupalliance.capture.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import org.groupalliance.base.SessionId;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.ui.ClientTime;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.capture.SelfReport;
import org.groupalliance.capture.SelfReportService;

/**
 * The leader's side of self-report for one session: open it (QR code and short link for the
 * room, a PIN and personal link per member present, shown once), see who has submitted (never
 * what), give one member a new PIN, close it.
 */
class SelfReportPanel extends Composite<VerticalLayout> {

    private final SelfReportService service;
    private final SessionId session;
    private final String base;
    final IntegerField hours = new IntegerField("Links valid for (hours)");
    final Button open = new Button("Open self-report");
    final Div error = new Div();
    Dialog passesDialog;
    ConfirmDialog closeConfirm;

    SelfReportPanel(SelfReportService service, SessionId session, String base) {
        this.service = service;
        this.session = session;
        this.base = base;
        getContent().setPadding(false);
        getContent().setId("self-report-panel");
        hours.setId("sr-hours");
        hours.setMin(1);
        hours.setMax(72);
        hours.setValue(24);
        hours.setStepButtonsVisible(true);
        open.setId("sr-open");
        open.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        open.addClickListener(e -> openWindow());
        error.addClassName("form-error");
        error.setVisible(false);
        render();
    }

    void render() {
        VerticalLayout c = getContent();
        c.removeAll();
        c.add(new H3("Members' own phones"));
        var status = service.status(session).filter(SelfReport.Status::open);
        if (status.isEmpty()) {
            c.add(new Paragraph("Members can fill in their forms on their own phones, without the leader seeing their answers until they send them. "
                    + "Opening makes a short link and QR code for the room, and a PIN and personal link for each member present."));
            HorizontalLayout row = new HorizontalLayout(hours, open);
            row.setAlignItems(FlexComponent.Alignment.BASELINE);
            c.add(row, error);
            return;
        }
        SelfReport.Status s = status.get();
        String link = PublicLinks.shortLink(base, s.accessKey());
        Span linkText = new Span(link);
        linkText.setId("sr-short-link");
        Div qr = new Div(QrImage.of(link, "QR code of the self-report link"));
        Paragraph expiry = new Paragraph(new Text("Open until "), new ClientTime(s.expiresAt()),
                new Text(". Members scan the code or type the link, then enter their member code and PIN."));
        expiry.setId("sr-expiry");
        Div list = new Div();
        list.setId("sr-status");
        list.addClassName("facts");
        for (SelfReport.MemberStatus m : s.members()) {
            Span line = new Span(m.memberCode() + ": ");
            if (m.hasPass() && m.submittedAt() != null) {
                line.add(new Text("sent "), new ClientTime(m.submittedAt()));
            } else {
                line.add(new Text(!m.hasPass() ? "no PIN yet (marked present later)" : m.locked() ? "locked: too many wrong PINs" : "waiting"));
            }
            line.setId("sr-state-" + m.memberCode());
            Button renew = new Button(m.hasPass() ? "New PIN" : "Make PIN", e -> renew(m));
            renew.setId("sr-renew-" + m.memberCode());
            renew.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            HorizontalLayout member = new HorizontalLayout(line, renew);
            member.addClassName("sr-member");
            list.add(member);
        }
        Button close = new Button("Close self-report now", e -> confirmClose());
        close.setId("sr-close");
        close.addThemeVariants(ButtonVariant.LUMO_ERROR);
        VerticalLayout details = new VerticalLayout(linkText, expiry, list, close);
        details.setPadding(false);
        details.addClassName("sr-details");
        HorizontalLayout row = new HorizontalLayout(qr, details);
        row.addClassName("sr-details-row");
        row.setWidthFull();
        c.add(row);
    }

    /** Closing cannot be undone (re-opening makes new PINs for everyone), so it asks first. */
    void confirmClose() {
        closeConfirm = new ConfirmDialog();
        closeConfirm.setId("sr-close-confirm");
        closeConfirm.setHeader("Close self-report now?");
        closeConfirm.setText("Every link and PIN of this session stops working at once, also for members who have not sent yet. "
                + "Answers already sent are kept. Opening again later gives everyone new PINs and links.");
        closeConfirm.setCancelable(true);
        closeConfirm.setCancelText("Keep open");
        closeConfirm.setConfirmText("Close self-report");
        closeConfirm.setConfirmButtonTheme("error primary");
        closeConfirm.addConfirmListener(e -> {
            service.close(session);
            Notices.saved("Self-report closed: its links and PINs no longer work");
            render();
        });
        closeConfirm.open();
    }

    private void openWindow() {
        error.setVisible(false);
        hours.setInvalid(false);
        try {
            SelfReport.Opened opened = service.open(session, hours.getValue() == null ? 0 : hours.getValue());
            render();
            showPasses(opened);
        } catch (ValidationException ex) {
            if (ex.fieldErrors().containsKey("hours")) {
                hours.setErrorMessage(ex.fieldErrors().get("hours"));
                hours.setInvalid(true);
            } else {
                error.setText(String.join(" ", ex.fieldErrors().values()));
                error.setVisible(true);
            }
        }
    }

    private void renew(SelfReport.MemberStatus m) {
        SelfReport.Pass pass = service.renewPass(session, m.member());
        String key = service.status(session).map(SelfReport.Status::accessKey).orElseThrow();
        render();
        Dialog d = new Dialog();
        d.setHeaderTitle((m.hasPass() ? "New PIN for " : "PIN for ") + m.memberCode());
        d.add(passCard(key, pass));
        d.getFooter().add(new Button("Done", e -> d.close()));
        d.open();
    }

    /** Every member's slip, shown once: the PINs and personal links are not stored in readable form. */
    private void showPasses(SelfReport.Opened opened) {
        passesDialog = new Dialog();
        passesDialog.setId("sr-passes");
        passesDialog.setHeaderTitle("Hand out now: shown only once");
        String link = PublicLinks.shortLink(base, opened.accessKey());
        VerticalLayout content = new VerticalLayout(new Paragraph(new Text("Short link for the room: " + link + " (valid until "),
                new ClientTime(opened.expiresAt()), new Text("). Each member needs their code and PIN, or their personal link. Print this or give each slip privately; "
                + "PINs and personal links cannot be shown again (you can issue a new PIN for one member).")));
        Div slips = new Div();
        slips.addClassName("slips");
        opened.passes().forEach(p -> slips.add(passCard(opened.accessKey(), p)));
        content.add(slips);
        passesDialog.add(content);
        Button print = new Button("Print", e -> UI.getCurrent().getPage().executeJs("window.print()"));
        Button done = new Button("Done", e -> passesDialog.close());
        done.setId("sr-passes-done");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        passesDialog.getFooter().add(print, done);
        passesDialog.setWidth("min(720px, 100vw)");
        passesDialog.open();
    }

    private Div passCard(String accessKey, SelfReport.Pass p) {
        String personal = PublicLinks.personalLink(base, accessKey, p.linkToken());
        Div card = new Div();
        card.addClassName("slip");
        Span code = new Span("Member " + p.memberCode() + " · PIN ");
        Span pin = new Span(p.pin());
        pin.setId("sr-pin-" + p.memberCode());
        Span link = new Span(personal);
        link.setId("sr-link-" + p.memberCode());
        Div qr = new Div(QrImage.of(personal, "QR code of the personal link of " + p.memberCode()));
        qr.addClassName("slip-qr");
        card.add(qr, new Div(new Div(code, pin), new Div(new Span("Personal link: "), link)));
        return card;
    }
}
