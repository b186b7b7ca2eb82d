package org.groupalliance.rupture.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.ui.FieldErrors;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.base.ui.Numbers;
import org.groupalliance.rupture.Rupture;
import org.groupalliance.rupture.RuptureId;
import org.groupalliance.rupture.RuptureService;
import org.groupalliance.security.Roles;

/**
 * One rupture record: the repair steps 1-8 as checkboxes with a note and the session, the plan for
 * the next session and where, the member's ratings since, and closing with an outcome (step 9).
 */
@Route("ruptures")
@RolesAllowed(Roles.FACILITATOR)
public class RuptureView extends VerticalLayout implements HasUrlParameter<Long>, HasDynamicTitle {

    private final RuptureService ruptures;
    private Rupture record;
    final H2 title = new H2();
    final Div facts = new Div();
    final VerticalLayout steps = new VerticalLayout();
    final TextArea plan = new TextArea("Plan for the next session");
    final RadioButtonGroup<Rupture.Where> where = new RadioButtonGroup<>("Where");
    final Div ratingsAfter = new Div();
    final Select<Rupture.Outcome> outcome = new Select<>();
    final IntegerField closedSession = new IntegerField("Reached in session");
    final Button close = new Button("Close record");
    final Anchor back = new Anchor("", "All alerts and records of the group");

    public RuptureView(RuptureService ruptures) {
        this.ruptures = ruptures;
        addClassName("view");
        title.setId("rupture-title");
        facts.setId("rupture-facts");
        facts.addClassName("facts");
        back.setId("group-alerts-link");
        plan.setId("plan-next");
        plan.setWidthFull();
        where.setId("plan-where");
        where.setItems(Rupture.Where.values());
        where.setItemLabelGenerator(Rupture.Where::label);
        FieldErrors planErrors = new FieldErrors().bind("planNext", plan);
        Button savePlan = new Button("Save plan", e -> act(planErrors, () -> ruptures.plan(record.id(), record.version(), plan.getValue(), where.getValue()),
                "Plan saved"));
        savePlan.setId("plan-save");
        ratingsAfter.setId("ratings-after");
        outcome.setLabel("Outcome");
        outcome.setId("outcome");
        outcome.setItems(Rupture.Outcome.values());
        outcome.setItemLabelGenerator(Rupture.Outcome::label);
        closedSession.setId("closed-session");
        FieldErrors closeErrors = new FieldErrors().bind("outcome", outcome).bind("closedSession", closedSession);
        close.setId("close-record");
        close.addClickListener(e -> act(closeErrors, () -> ruptures.close(record.id(), record.version(), outcome.getValue(),
                closedSession.getValue() == null ? 0 : closedSession.getValue()), "Record closed"));
        add(title, back, facts, new H3("Repair steps"), steps, new H3("Next session"), plan, new HorizontalLayout(where, savePlan),
                new H3("Own ratings since"), ratingsAfter, new H3("Outcome"), new HorizontalLayout(outcome, closedSession, close));
    }

    @Override
    public void setParameter(BeforeEvent event, Long id) {
        try {
            record = ruptures.get(new RuptureId(id));
        } catch (NotFoundException | IllegalArgumentException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "Rupture record not found, or you do not have access to it.");
            return;
        }
        show();
    }

    @Override
    public String getPageTitle() {
        return "Rupture record | GroupAlliance";
    }

    private void act(FieldErrors errors, java.util.function.Supplier<Rupture> call, String done) {
        errors.clear();
        try {
            record = call.get();
            Notices.saved(done);
            show();
        } catch (ValidationException e) {
            java.util.List<String> rest = errors.show(e);
            if (!rest.isEmpty()) {
                Notices.error(String.join(" ", rest));
            }
        } catch (ConcurrentEditException e) {
            Notices.error(e.getMessage());
        }
    }

    void show() {
        boolean closed = record.state() == Rupture.State.CLOSED;
        title.setText("Rupture: " + record.withLabel());
        back.setHref("alerts/" + record.groupId().value());
        facts.removeAll();
        Span state = new Span(closed ? "Closed: " + record.outcome().label() + " (session " + record.closedSession() + ")"
                : record.state() == Rupture.State.OPEN ? "Open" : "In progress");
        state.setId("rupture-state");
        facts.add(new Span(record.marker().label()), new Span("Noticed in session " + record.noticedSession()), state);
        steps.removeAll();
        steps.setPadding(false);
        for (int n = 1; n <= 8; n++) {
            steps.add(stepRow(n, closed));
        }
        plan.setValue(record.planNext() == null ? "" : record.planNext());
        where.setValue(record.planWhere());
        plan.setReadOnly(closed);
        where.setReadOnly(closed);
        RuptureService.RatingsAfter after = ruptures.ratingsAfter(record.id());
        ratingsAfter.removeAll();
        after.lines().forEach(l -> ratingsAfter.add(new Paragraph("Session " + l.session() + ": " + l.instrumentCode() + " total "
                + Numbers.score(l.total()) + (l.concern() ? " (concern)" : ""))));
        Paragraph suggestion = new Paragraph(after.suggestion());
        suggestion.setId("ratings-suggestion");
        if (record.member() != null) {
            ratingsAfter.add(suggestion);
        }
        outcome.setValue(record.outcome());
        closedSession.setValue(record.closedSession());
        outcome.setReadOnly(closed);
        closedSession.setReadOnly(closed);
        close.setEnabled(!closed);
    }

    private HorizontalLayout stepRow(int n, boolean closed) {
        Rupture.Step s = record.step(n);
        Checkbox done = new Checkbox(n + ". " + Rupture.STEP_LABELS.get(n - 1), s.done());
        done.setId("step-" + n);
        done.setWidth("24em");
        TextArea note = new TextArea("Note");
        note.setId("step-" + n + "-note");
        note.setValue(s.note() == null ? "" : s.note());
        note.setWidth("22em");
        IntegerField session = new IntegerField("Session");
        session.setId("step-" + n + "-session");
        session.setValue(s.session());
        session.setWidth("7em");
        FieldErrors errors = new FieldErrors().bind("note", note).bind("session", session);
        Button save = new Button("Save", e -> act(errors, () -> ruptures.recordStep(record.id(), record.version(),
                new Rupture.Step(n, done.getValue(), note.getValue(), session.getValue())), "Step " + n + " saved"));
        save.setId("step-" + n + "-save");
        save.addThemeVariants(ButtonVariant.LUMO_SMALL);
        done.setReadOnly(closed);
        note.setReadOnly(closed);
        session.setReadOnly(closed);
        save.setEnabled(!closed);
        HorizontalLayout row = new HorizontalLayout(done, note, session, save);
        row.setAlignItems(Alignment.BASELINE);
        row.addClassName("rupture-step");
        return row;
    }
}
