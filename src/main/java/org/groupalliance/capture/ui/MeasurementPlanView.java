package org.groupalliance.capture.ui;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.ui.FieldErrors;
import org.groupalliance.base.ui.FormDialog;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntry;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.Instrument;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.Phase;
import org.groupalliance.security.Roles;

/** A group's measurement plan: which instruments, by whom, when, and outcome timepoints. */
@Route("plans")
@RolesAllowed({Roles.ADMIN, Roles.FACILITATOR})
public class MeasurementPlanView extends VerticalLayout implements HasUrlParameter<Long>, HasDynamicTitle {

    private final MeasurementPlanService plans;
    private final GroupService groups;
    private final InstrumentService instruments;
    private Group group;
    final H2 title = new H2();
    final Anchor back = new Anchor("", "Back to the group");
    final Grid<PlanEntry> grid = new Grid<>();

    public MeasurementPlanView(MeasurementPlanService plans, GroupService groups, InstrumentService instruments) {
        this.plans = plans;
        this.groups = groups;
        this.instruments = instruments;
        addClassName("view");
        title.setId("plan-title");
        Button add = new Button("Add instrument", e -> openDialog(null));
        add.setId("add-plan-entry");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout header = new HorizontalLayout(title, add);
        header.setWidthFull();
        header.addClassName("page-header");
        header.setAlignItems(Alignment.CENTER);
        header.setJustifyContentMode(JustifyContentMode.BETWEEN);
        grid.setId("plan");
        // schedules ("at sessions 1, 4, 8, 12") wrap instead of being cut off
        grid.addThemeVariants(com.vaadin.flow.component.grid.GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(PlanEntry::instrumentName).setHeader("Instrument").setWidth("16em").setFlexGrow(3);
        grid.addColumn(e -> e.data().raters().stream().sorted().map(r -> r.name().toLowerCase()).collect(Collectors.joining(", ")))
                .setHeader("Completed by").setAutoWidth(true);
        grid.addColumn(e -> e.data().schedule().describe()).setHeader("When").setWidth("12em").setFlexGrow(2);
        grid.addColumn(e -> timepoints(e.data())).setHeader("Outcome timepoints").setWidth("12em").setFlexGrow(2);
        grid.addItemClickListener(e -> openDialog(e.getItem()));
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("Nothing is measured yet. Add the alliance, cohesion and outcome instruments this group completes.");
        add(back, header, grid);
    }

    @Override
    public void setParameter(BeforeEvent event, Long groupId) {
        // unknown, forbidden or impossible ids throw NotFoundException, shown by shell.RecordNotFoundView
        group = groups.get(GroupId.fromRoute(groupId));
        back.setHref("groups/" + groupId);
        refresh();
    }

    @Override
    public String getPageTitle() {
        return "Measurement plan" + (group == null ? "" : " of " + group.name()) + " | GroupAlliance";
    }

    void refresh() {
        title.setText("Measurement plan · " + group.name());
        grid.setItems(plans.plan(group.id()));
    }

    private static String timepoints(PlanEntryData d) {
        List<String> parts = new ArrayList<>();
        if (d.atBaseline()) {
            parts.add("baseline");
        }
        if (d.atPost()) {
            parts.add("post");
        }
        d.followUpWeeks().forEach(w -> parts.add(w + "-week follow-up"));
        return String.join(", ", parts);
    }

    void openDialog(PlanEntry existing) {
        // create
        ComboBox<Instrument> instrument = new ComboBox<>("Instrument");
        Map<String, Instrument> current = new LinkedHashMap<>();
        instruments.findAll().stream().filter(i -> !i.retired()).forEach(i -> current.putIfAbsent(i.code(), i));
        instrument.setItems(current.values());
        instrument.setItemLabelGenerator(i -> i.definition().name() + " (" + i.code() + ")");
        instrument.setId("plan-instrument");
        CheckboxGroup<Rater> raters = new CheckboxGroup<>("Completed by");
        raters.setItems(Rater.values());
        raters.setItemLabelGenerator(r -> r.name().charAt(0) + r.name().substring(1).toLowerCase());
        raters.setId("plan-raters");
        RadioButtonGroup<Schedule.Kind> kind = new RadioButtonGroup<>("When");
        kind.setItems(Schedule.Kind.values());
        kind.setItemLabelGenerator(k -> switch (k) {
            case EVERY_SESSION -> "Every session";
            case EVERY_KTH -> "Every k-th session";
            case SESSIONS -> "At given sessions";
            case PHASES -> "In given phases";
            case NONE -> "Only at outcome timepoints";
        });
        kind.setId("plan-kind");
        IntegerField everyK = new IntegerField("k (every k-th session)");
        everyK.setId("plan-every");
        TextField sessions = new TextField("Session numbers");
        sessions.setPlaceholder("1, 4, 8, 12");
        sessions.setId("plan-sessions");
        CheckboxGroup<Phase> phases = new CheckboxGroup<>("Phases");
        phases.setItems(Phase.values());
        phases.setItemLabelGenerator(Phase::label);
        phases.setId("plan-phases");
        Checkbox baseline = new Checkbox("Baseline (before session 1)");
        Checkbox post = new Checkbox("Post (after the last session)");
        TextField followUps = new TextField("Follow-ups (weeks after the last session)");
        followUps.setPlaceholder("12, 26");
        followUps.setId("plan-followups");
        // configure
        kind.addValueChangeListener(e -> {
            everyK.setVisible(e.getValue() == Schedule.Kind.EVERY_KTH);
            sessions.setVisible(e.getValue() == Schedule.Kind.SESSIONS);
            phases.setVisible(e.getValue() == Schedule.Kind.PHASES);
        });
        if (existing == null) {
            kind.setValue(Schedule.Kind.EVERY_SESSION);
        } else {
            PlanEntryData d = existing.data();
            instrument.setValue(current.get(d.instrumentCode()));
            instrument.setReadOnly(true);
            raters.setValue(d.raters().isEmpty() ? EnumSet.noneOf(Rater.class) : EnumSet.copyOf(d.raters()));
            kind.setValue(d.schedule().kind());
            everyK.setValue(d.schedule().everyK());
            sessions.setValue(d.schedule().sessions().stream().map(String::valueOf).collect(Collectors.joining(", ")));
            phases.setValue(d.schedule().phases().isEmpty() ? EnumSet.noneOf(Phase.class) : EnumSet.copyOf(d.schedule().phases()));
            baseline.setValue(d.atBaseline());
            post.setValue(d.atPost());
            followUps.setValue(d.followUpWeeks().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        FormLayout form = new FormLayout(instrument, raters, kind, everyK, sessions, phases, baseline, post, followUps);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        // bind
        FieldErrors errors = new FieldErrors().bind("instrumentCode", instrument).bind("raters", raters).bind("schedule", kind)
                .bind("everyK", everyK).bind("sessions", sessions).bind("phases", phases).bind("followUpWeeks", followUps);
        FormDialog dialog = new FormDialog(existing == null ? "Add instrument to the plan" : "Plan entry " + existing.data().instrumentCode(), form,
                errors, () -> {
            PlanEntryData data = new PlanEntryData(instrument.getValue() == null ? null : instrument.getValue().code(), raters.getValue(),
                    new Schedule(kind.getValue(), everyK.getValue(), numbers(sessions.getValue(), "sessions"), phases.getValue()),
                    baseline.getValue(), post.getValue(), numbers(followUps.getValue(), "followUpWeeks"));
            plans.save(group.id(), data, existing == null ? null : existing.version());
            Notices.saved("Plan saved");
            refresh();
            return true;
        });
        if (existing != null) {
            Button remove = new Button("Remove from plan", e -> {
                plans.remove(group.id(), existing.data().instrumentCode(), existing.version());
                Notices.saved("Removed " + existing.data().instrumentCode() + " from the plan");
                dialog.close();
                refresh();
            });
            remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            dialog.getFooter().addComponentAsFirst(remove);
        }
        dialog.setWidth("min(640px, 100vw)");
        dialog.open();
    }

    /** "1, 4, 8" as numbers; anything else is a rule violation named on its field. */
    static List<Integer> numbers(String text, String field) {
        List<Integer> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split("[,;\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                out.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw ValidationException.of(field, "Write whole numbers separated by commas, e.g. 1, 4, 8 ('" + part + "' is not one)");
            }
        }
        return out;
    }
}
