package org.groupalliance.rupture.ui;

import java.util.ArrayList;
import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.ui.FieldErrors;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.base.ui.Numbers;
import org.groupalliance.rupture.AlertService;
import org.groupalliance.rupture.AlertService.RuleSetting;
import org.groupalliance.rupture.RuptureSummaryService;
import org.groupalliance.security.Roles;

/**
 * The group's alert rule parameters per member-rated instrument (*Alert rules* on the group's
 * alerts page): the drop from a member's previous rating and the fall of the group mean that raise
 * an alert. Empty means the instrument's default, shown beside each field. The service checks every
 * value and names the field; only the group's leaders reach this page.
 */
@Route("alert-rules")
@RolesAllowed(Roles.FACILITATOR)
public class AlertRulesView extends VerticalLayout implements HasUrlParameter<Long>, HasDynamicTitle {

    private final AlertService alerts;
    private final RuptureSummaryService summaries;
    private GroupId group;
    private String groupName = "Group";
    final H2 title = new H2();
    final Div rows = new Div();
    /** One editor per instrument, in plan order (package-visible for the view test). */
    final List<Editor> editors = new ArrayList<>();

    public AlertRulesView(AlertService alerts, RuptureSummaryService summaries) {
        this.alerts = alerts;
        this.summaries = summaries;
        addClassName("view");
        title.setId("alert-rules-title");
        rows.setId("alert-rules");
        rows.setWidthFull();
    }

    @Override
    public void setParameter(BeforeEvent event, Long id) {
        List<RuleSetting> settings;
        try {
            group = new GroupId(id);
            settings = alerts.ruleSettings(group);
            groupName = summaries.forGroup(group).label();
        } catch (NotFoundException | IllegalArgumentException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "Group not found, or you do not have access to it.");
            return;
        }
        removeAll();
        editors.clear();
        rows.removeAll();
        title.setText("Alert rules: " + groupName);
        Anchor back = new Anchor("alerts/" + id, "Back to alerts");
        back.setId("alert-rules-back");
        add(title, back, new Paragraph("An alert is raised when a member's total falls by at least the drop from their previous rating, or the "
                + "group mean falls by at least the group fall since the previous session. Leave a field empty for the instrument's default. "
                + "New values apply from the next saved rating of this group."), rows);
        if (settings.isEmpty()) {
            Paragraph none = new Paragraph("The measurement plan has no instrument that members rate.");
            none.setId("alert-rules-empty");
            rows.add(none);
        }
        settings.forEach(s -> {
            Editor e = new Editor(s);
            editors.add(e);
            rows.add(e.layout);
        });
    }

    @Override
    public String getPageTitle() {
        return "Alert rules: " + groupName + " | GroupAlliance";
    }

    /** The two fields and the Save button of one instrument. */
    final class Editor {
        final String code;
        final NumberField drop = new NumberField("Drop (points)");
        final NumberField fall = new NumberField("Group mean fall (points)");
        final Button save = new Button("Save");
        final FieldErrors errors;
        final VerticalLayout layout = new VerticalLayout();

        Editor(RuleSetting s) {
            code = s.instrumentCode();
            drop.setId("drop-" + code);
            fall.setId("fall-" + code);
            save.setId("save-" + code);
            fill(s);
            drop.setStep(0.1);
            fall.setStep(0.1);
            errors = new FieldErrors().bind("dropOf", drop).bind("groupFallOf", fall).bind("instrument", drop);
            save.addClickListener(e -> save());
            HorizontalLayout fields = new HorizontalLayout(drop, fall, save);
            fields.setAlignItems(FlexComponent.Alignment.BASELINE);
            fields.setWrap(true);
            layout.setPadding(false);
            layout.addClassName("alert-rule-editor");
            layout.add(new H3(s.instrumentName() + " (" + code + ")"), fields);
        }

        private void fill(RuleSetting s) {
            drop.setValue(s.dropOf());
            fall.setValue(s.groupFallOf());
            drop.setHelperText("Default " + (s.defaultDropOf() == null ? "none (off)" : Numbers.score(s.defaultDropOf())) + "; up to "
                    + Numbers.score(s.maxChange()));
            fall.setHelperText("Default " + (s.defaultGroupFallOf() == null ? "none (off)" : Numbers.score(s.defaultGroupFallOf())) + "; up to "
                    + Numbers.score(s.maxChange()));
        }

        void save() {
            errors.clear();
            try {
                RuleSetting saved = alerts.saveSetting(group, code, drop.getValue(), fall.getValue());
                fill(saved);
                Notices.saved("Alert rules for " + code + " saved");
            } catch (ValidationException ex) {
                errors.show(ex).forEach(Notices::error);
            }
        }
    }
}
