package org.groupalliance.capture.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.shared.HasValidationProperties;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.ui.ClientTime;
import org.groupalliance.base.ui.Numbers;
import org.groupalliance.base.ui.VisualAnalogueField;
import org.groupalliance.capture.SelfReport;
import org.groupalliance.capture.SelfReportMemberService;
import org.groupalliance.measure.InstrumentDefinition;

/**
 * What a member sees on their phone: enter with a personal link (r/KEY/TOKEN) or with the
 * session's short link (r/KEY) plus member code and PIN; then only the forms the plan asks of
 * members at that session and only their own answers. One column, large touch targets, no app
 * menu: it is not part of the staff application.
 */
@Route(value = "r/:key/:token?", autoLayout = false)
@PageTitle("Session forms | GroupAlliance")
@AnonymousAllowed
public class SelfReportView extends VerticalLayout implements BeforeEnterObserver {

    private final SelfReportMemberService service;
    private String accessKey;
    private SelfReport.Ticket ticket;
    /** Answer controls by "CODE.itemN", the same keys the service uses for its errors. */
    final Map<String, Component> answers = new LinkedHashMap<>();
    final Div error = new Div();

    public SelfReportView(SelfReportMemberService service) {
        this.service = service;
        addClassName("self-report");
        setPadding(false);
        error.setId("sr-error");
        error.addClassName("form-error");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        accessKey = event.getRouteParameters().get("key").orElse("");
        String token = event.getRouteParameters().get("token").orElse(null);
        if (token == null) {
            showSignIn();
            return;
        }
        try {
            ticket = service.enterWithLink(accessKey, token);
            showForms();
        } catch (SelfReport.Refused e) {
            showRefused(e.getMessage());
        }
    }

    void showSignIn() {
        removeAll();
        add(new H2("Your session forms"));
        add(new Paragraph("Enter your member code and the PIN your group leader gave you. Your answers go to the research record; "
                + "your leader sees them only after you send them."));
        TextField code = new TextField("Member code");
        code.setId("sr-code");
        code.setWidthFull();
        code.setAutocapitalize(com.vaadin.flow.component.textfield.Autocapitalize.CHARACTERS);
        PasswordField pin = new PasswordField("PIN");
        pin.setId("sr-pin");
        pin.setWidthFull();
        pin.setRevealButtonVisible(false);
        Button enter = new Button("Continue", e -> {
            try {
                ticket = service.enterWithPin(accessKey, code.getValue(), pin.getValue());
                showForms();
            } catch (SelfReport.Refused ex) {
                pin.clear();
                showError(ex.getMessage());
            }
        });
        enter.setId("sr-enter");
        enter.setWidthFull();
        enter.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_LARGE);
        enter.addClickShortcut(com.vaadin.flow.component.Key.ENTER);
        error.setVisible(false);
        add(code, pin, error, enter);
    }

    void showForms() {
        List<SelfReport.Form> forms;
        try {
            forms = service.forms(ticket);
        } catch (SelfReport.Refused e) {
            showRefused(e.getMessage());
            return;
        }
        removeAll();
        answers.clear();
        H2 title = new H2("Session " + ticket.sessionNumber() + " · member " + ticket.memberCode());
        title.setId("sr-title");
        Paragraph until = new Paragraph(new Text("Answer as it was for you in this session. You can leave a question out. You can change your answers until "),
                new ClientTime(ticket.expiresAt()), new Text("."));
        until.setId("sr-until");
        add(title, until);
        for (SelfReport.Form form : forms) {
            add(formSection(form));
        }
        error.setVisible(false);
        Button send = new Button("Send my answers", e -> send(forms));
        send.setId("sr-submit");
        send.setWidthFull();
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_LARGE);
        add(error, send);
    }

    private Component formSection(SelfReport.Form form) {
        InstrumentDefinition def = form.definition();
        VerticalLayout section = new VerticalLayout();
        section.setPadding(false);
        section.setSpacing(false);
        section.add(new H3(def.name()));
        for (InstrumentDefinition.Item item : def.items()) {
            if (form.notApplicable().contains(item.number())) {
                continue; // e.g. subgroup items for a member in no subgroup: not asked, stored as not applicable
            }
            Div box = new Div();
            box.addClassName("item");
            String text = item.wording() != null && !item.wording().isBlank() ? item.wording() : item.label();
            Span label = new Span(item.number() + ". " + text);
            label.addClassName("item-label");
            box.add(label);
            double previous = form.previous().get(item.number() - 1);
            String id = "sr-" + def.code() + "-" + item.number();
            Component control;
            if (item.type() == InstrumentDefinition.ResponseType.VISUAL_ANALOGUE) {
                NumberField number = new NumberField();
                number.setId(id);
                number.setAriaLabel(text + " (" + Numbers.plain(item.min()) + " to " + Numbers.plain(item.max()) + ")");
                number.setWidth("7em");
                number.setValue(Double.isNaN(previous) ? null : previous);
                VisualAnalogueField vas = new VisualAnalogueField(number, item.min(), item.max(), 0.1);
                vas.setSliderAriaLabel(text);
                vas.slider().setId(id + "-slider");
                box.add(vas);
                control = number;
            } else {
                RadioButtonGroup<Integer> group = new RadioButtonGroup<>();
                group.setId(id);
                group.setAriaLabel(text);
                group.setItems(IntStream.rangeClosed((int) item.min(), (int) item.max()).boxed().toList());
                group.setValue(Double.isNaN(previous) ? null : (int) previous);
                box.add(group);
                control = group;
            }
            if (item.minAnchor() != null || item.maxAnchor() != null) {
                Div anchors = new Div(new Span(item.minAnchor() == null ? "" : Numbers.plain(item.min()) + " = " + item.minAnchor()),
                        new Span(item.maxAnchor() == null ? "" : Numbers.plain(item.max()) + " = " + item.maxAnchor()));
                anchors.addClassName("anchors");
                box.add(anchors);
            }
            answers.put(def.code() + ".item" + item.number(), control);
            section.add(box);
        }
        return section;
    }

    private void send(List<SelfReport.Form> forms) {
        error.setVisible(false);
        answers.values().forEach(c -> ((HasValidationProperties) c).setInvalid(false));
        Map<String, double[]> responses = new LinkedHashMap<>();
        for (SelfReport.Form form : forms) {
            InstrumentDefinition def = form.definition();
            double[] values = new double[def.items().size()];
            for (InstrumentDefinition.Item item : def.items()) {
                if (form.notApplicable().contains(item.number())) {
                    values[item.number() - 1] = Double.NaN;
                    continue;
                }
                Object v = ((HasValue<?, ?>) answers.get(def.code() + ".item" + item.number())).getValue();
                values[item.number() - 1] = v == null ? Double.NaN : ((Number) v).doubleValue();
            }
            responses.put(def.code(), values);
        }
        try {
            service.submit(ticket, responses);
            showDone();
        } catch (ValidationException ex) {
            ex.fieldErrors().forEach((key, message) -> {
                Component c = answers.get(key);
                if (c instanceof HasValidationProperties v) {
                    v.setErrorMessage(message);
                    v.setInvalid(true);
                }
            });
            showError("Nothing was sent. " + String.join(" ", ex.fieldErrors().values()));
        } catch (SelfReport.Refused ex) {
            showRefused(ex.getMessage());
        }
    }

    void showDone() {
        removeAll();
        H2 done = new H2("Thank you");
        done.setId("sr-done");
        Button again = new Button("Change my answers", e -> showForms());
        again.setId("sr-again");
        add(done, new Paragraph(new Text("Your answers for session " + ticket.sessionNumber() + " were sent. You can change them until "),
                new ClientTime(ticket.expiresAt()), new Text("; the newest answers count.")), again);
    }

    void showRefused(String message) {
        removeAll();
        ticket = null;
        Paragraph p = new Paragraph(message);
        p.setId("sr-refused");
        add(new H2("Your session forms"), p);
    }

    private void showError(String message) {
        error.setText(message);
        error.setVisible(true);
    }

}
