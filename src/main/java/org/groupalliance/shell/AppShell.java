package org.groupalliance.shell;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.component.page.Viewport;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * Global page settings. Styles are static files (top-level {@code frontend/}, served from
 * META-INF/resources); nothing here makes Vaadin run an npm build.
 */
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("styles/app.css")
@Viewport("width=device-width, initial-scale=1")
@Meta(name = "robots", content = "noindex, nofollow")
public class AppShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("GroupAlliance");
    }
}
