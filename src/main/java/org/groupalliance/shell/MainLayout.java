package org.groupalliance.shell;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import org.groupalliance.security.CurrentUser;

/**
 * The frame around every signed-in view. The menu is built from the views' {@code @Menu}
 * annotations and filtered by their access rules, so this class needs to know no feature.
 */
@Layout
@AnonymousAllowed
public class MainLayout extends AppLayout {

    public MainLayout(AuthenticationContext authentication, CurrentUser currentUser) {
        setPrimarySection(Section.DRAWER);

        Span brand = new Span("GroupAlliance");
        brand.addClassName("brand");

        SideNav nav = new SideNav();
        MenuConfiguration.getMenuEntries().forEach(entry -> nav.addItem(new SideNavItem(entry.title(), entry.path())));

        VerticalLayout drawer = new VerticalLayout(brand, nav);
        drawer.setPadding(true);
        addToDrawer(drawer);

        HorizontalLayout navbar = new HorizontalLayout();
        navbar.setWidthFull();
        navbar.setAlignItems(FlexComponent.Alignment.CENTER);
        navbar.addClassName("navbar");
        navbar.add(new DrawerToggle());
        Span spacer = new Span();
        navbar.add(spacer);
        navbar.setFlexGrow(1, spacer);
        currentUser.get().ifPresent(user -> {
            Span who = new Span(user.username() + " · " + user.role().name().toLowerCase());
            who.setId("current-user");
            Button logout = new Button("Sign out", e -> authentication.logout());
            logout.setId("logout");
            logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            navbar.add(who, logout);
        });
        addToNavbar(navbar);
    }
}
