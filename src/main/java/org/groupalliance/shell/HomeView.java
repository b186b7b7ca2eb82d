package org.groupalliance.shell;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Role;

/** The start address: sends each role to its own first page (each of those pages checks the role again). */
@Route("")
@PermitAll
public class HomeView extends VerticalLayout implements BeforeEnterObserver {

    private final CurrentUser currentUser;

    public HomeView(CurrentUser currentUser) {
        this.currentUser = currentUser;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Role role = currentUser.get().map(p -> p.role()).orElse(Role.FACILITATOR);
        event.forwardTo(switch (role) {
            case ADMIN -> "groups";
            case FACILITATOR -> "attention"; // Needs attention (rupture alerts), with a link to the groups
            case OBSERVER -> "observe";
            case RESEARCHER -> "instruments";
        });
    }
}
