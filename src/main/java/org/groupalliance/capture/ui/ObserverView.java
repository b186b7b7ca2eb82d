package org.groupalliance.capture.ui;

import java.util.List;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntry;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.GroupSummary;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.Roles;

/** An observer's start page: the groups they are assigned to and the sessions the plan asks them to rate. */
@Route("observe")
@PageTitle("Sessions to rate | GroupAlliance")
@Menu(order = 1, title = "Sessions to rate")
@RolesAllowed(Roles.OBSERVER)
public class ObserverView extends VerticalLayout {

    public ObserverView(GroupService groups, SessionService sessions, MeasurementPlanService plans) {
        addClassName("view");
        add(new H2("Sessions to rate"));
        List<GroupSummary> mine = groups.findObservedGroups();
        if (mine.isEmpty()) {
            Div empty = new Div();
            empty.addClassName("empty-state");
            empty.setText("You are not assigned to a group yet. A group's leader assigns observers on the group page.");
            add(empty);
            return;
        }
        for (GroupSummary g : mine) {
            add(new H3(g.name()));
            Div list = new Div();
            list.addClassName("facts");
            int shown = 0;
            for (GroupSession s : sessions.findByGroup(g.id())) {
                List<PlanEntry> due = plans.dueAt(g.id(), s.number()).stream().filter(e -> e.data().raters().contains(Rater.OBSERVER)).toList();
                if (!due.isEmpty()) {
                    Anchor link = new Anchor("ratings/" + s.id().value(), "Session " + s.number() + " · " + s.data().date() + " · "
                            + due.stream().map(PlanEntry::instrumentName).reduce((a, b) -> a + ", " + b).orElse(""));
                    link.setId("observe-" + s.id().value());
                    list.add(link);
                    shown++;
                }
            }
            if (shown == 0) {
                list.add(new Span("The group's plan asks observers to rate none of its recorded sessions yet."));
            }
            add(list);
        }
    }
}
