package org.groupalliance.roster.ui;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import org.groupalliance.base.SiteId;
import org.groupalliance.base.UserId;
import org.groupalliance.base.ui.Dates;
import org.groupalliance.base.ui.FieldErrors;
import org.groupalliance.roster.GroupData;
import org.groupalliance.roster.GroupFormat;
import org.groupalliance.roster.Modality;
import org.groupalliance.roster.PhaseBoundaries;
import org.groupalliance.security.AppUser;
import org.groupalliance.security.Site;

/** Edits a {@link GroupData}: set-up facts, leaders and phase boundaries. */
public class GroupForm extends Composite<FormLayout> {

    // create
    final ComboBox<Site> site = new ComboBox<>("Site");
    final TextField name = new TextField("Group name");
    final ComboBox<Modality> modality = new ComboBox<>("Modality");
    final RadioButtonGroup<GroupFormat> format = new RadioButtonGroup<>("Format");
    final IntegerField plannedSessions = new IntegerField("Planned sessions");
    final DatePicker startDate = new DatePicker("Start date");
    final MultiSelectComboBox<AppUser> leaders = new MultiSelectComboBox<>("Leaders");
    final IntegerField earlyFrom = phaseField("Early: from session");
    final IntegerField earlyTo = phaseField("Early: to session");
    final IntegerField middleFrom = phaseField("Middle: from session");
    final IntegerField middleTo = phaseField("Middle: to session");
    final IntegerField lateFrom = phaseField("Late: from session");
    final IntegerField lateTo = phaseField("Late: to session");
    final Button thirds = new Button("Reset phases to thirds");
    final FieldErrors errors = new FieldErrors();

    public GroupForm(List<Site> sites, List<AppUser> facilitators) {
        // configure
        site.setItems(sites);
        site.setItemLabelGenerator(Site::name);
        site.setRequired(true);
        name.setRequired(true);
        name.setMaxLength(120);
        modality.setItems(Modality.values());
        modality.setItemLabelGenerator(Modality::label);
        modality.setRequired(true);
        format.setItems(GroupFormat.values());
        format.setItemLabelGenerator(GroupFormat::label);
        plannedSessions.setMin(3);
        plannedSessions.setMax(500);
        plannedSessions.setStepButtonsVisible(true);
        plannedSessions.setRequired(true);
        plannedSessions.setHelperText("Phases default to thirds of this number");
        Dates.iso(startDate);
        startDate.setRequired(true);
        leaders.setItems(facilitators);
        leaders.setItemLabelGenerator(u -> u.fullName() + " (" + u.username() + ")");
        leaders.setHelperText("Co-leaders see and edit the group too");
        thirds.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        thirds.addClickListener(e -> {
            if (plannedSessions.getValue() != null) {
                setPhases(PhaseBoundaries.thirds(plannedSessions.getValue()));
            }
        });
        plannedSessions.addValueChangeListener(e -> {
            // follow the planned number while the phases are still the default thirds
            if (e.isFromClient() && e.getOldValue() != null && e.getValue() != null && e.getValue() >= 3
                    && PhaseBoundaries.thirds(e.getOldValue()).equals(phases())) {
                setPhases(PhaseBoundaries.thirds(e.getValue()));
            }
        });
        site.setId("group-site");
        name.setId("group-name");
        modality.setId("group-modality");
        format.setId("group-format");
        plannedSessions.setId("group-planned");
        startDate.setId("group-start");
        leaders.setId("group-leaders");

        FormLayout layout = getContent();
        layout.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("500px", 2));
        layout.add(name, site, modality, format, plannedSessions, startDate);
        layout.add(leaders, 2);
        H4 phasesTitle = new H4("Phases (session ranges)");
        layout.add(phasesTitle, 2);
        layout.add(earlyFrom, earlyTo, middleFrom, middleTo, lateFrom, lateTo);
        layout.add(thirds, 2);

        // bind: error keys are the service's field names
        errors.bind("siteId", site).bind("name", name).bind("modality", modality).bind("format", format)
                .bind("plannedSessions", plannedSessions).bind("startDate", startDate).bind("leaderIds", leaders)
                .bind("earlyFrom", earlyFrom).bind("earlyTo", earlyTo).bind("middleFrom", middleFrom)
                .bind("middleTo", middleTo).bind("lateFrom", lateFrom).bind("lateTo", lateTo);
    }

    private static IntegerField phaseField(String label) {
        IntegerField f = new IntegerField(label);
        f.setMin(1);
        f.setId("phase-" + label.toLowerCase().replaceAll("[^a-z]+", "-").replaceAll("-$", ""));
        return f;
    }

    public void setValue(GroupData d) {
        site.setValue(site.getListDataView().getItems().filter(s -> s.id().equals(d.siteId())).findFirst().orElse(null));
        name.setValue(d.name() == null ? "" : d.name());
        modality.setValue(d.modality());
        format.setValue(d.format());
        plannedSessions.setValue(d.plannedSessions());
        startDate.setValue(d.startDate());
        Set<UserId> ids = d.leaderIds();
        leaders.setValue(leaders.getListDataView().getItems().filter(u -> ids.contains(u.id())).collect(Collectors.toSet()));
        setPhases(d.phases());
    }

    /** The form's content; empty numbers become 0 so the service names the rule they break. */
    public GroupData getValue() {
        SiteId siteId = site.getValue() == null ? null : site.getValue().id();
        Set<UserId> leaderIds = leaders.getValue().stream().map(AppUser::id).collect(Collectors.toCollection(HashSet::new));
        return new GroupData(siteId, name.getValue(), modality.getValue(), format.getValue(), orZero(plannedSessions),
                startDate.getValue(), phases(), leaderIds);
    }

    public FieldErrors errors() {
        return errors;
    }

    private PhaseBoundaries phases() {
        return new PhaseBoundaries(orZero(earlyFrom), orZero(earlyTo), orZero(middleFrom), orZero(middleTo), orZero(lateFrom), orZero(lateTo));
    }

    private void setPhases(PhaseBoundaries p) {
        earlyFrom.setValue(p.earlyFrom());
        earlyTo.setValue(p.earlyTo());
        middleFrom.setValue(p.middleFrom());
        middleTo.setValue(p.middleTo());
        lateFrom.setValue(p.lateFrom());
        lateTo.setValue(p.lateTo());
    }

    private static int orZero(IntegerField f) {
        return f.getValue() == null ? 0 : f.getValue();
    }
}
