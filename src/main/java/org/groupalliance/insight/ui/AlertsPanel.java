package org.groupalliance.insight.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import org.groupalliance.base.GroupId;
import org.groupalliance.insight.OpenAlerts;
import org.groupalliance.rupture.Alert;

/**
 * The insight page's "Alerts" section: the group's alerts that need attention, each with session,
 * rule and numbers ("RC-04: total 31.2, under 36; ..."), and a link to the group's alerts page
 * where they are dismissed or opened as a rupture record. Shown to the group's leaders only.
 */
class AlertsPanel extends Div {

    AlertsPanel(GroupId group, OpenAlerts open) {
        setId("insight-alerts-panel");
        if (!open.shown()) {
            return;
        }
        add(new H3("Alerts"));
        if (open.alerts().isEmpty()) {
            Paragraph none = new Paragraph("No alerts need attention.");
            none.setId("insight-no-alerts");
            add(none);
        } else {
            UnorderedList list = new UnorderedList();
            list.setId("insight-alert-list");
            for (Alert a : open.alerts()) {
                ListItem item = new ListItem("Session " + a.sessionNumber() + ", " + a.instrumentCode() + " · " + a.rule().label() + ": " + a.text());
                item.addClassName("insight-alert");
                list.add(item);
            }
            add(list);
            if (open.notListed() > 0) {
                add(new Paragraph("The newest " + open.alerts().size() + " of " + open.total() + " open alerts are listed; " + open.notListed() + " more on the alerts page."));
            }
        }
        Anchor all = new Anchor("alerts/" + group.value(), "All alerts and rupture records of this group");
        all.setId("insight-alerts-link");
        add(all);
    }
}
