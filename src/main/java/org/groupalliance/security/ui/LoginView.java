package org.groupalliance.security.ui;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.groupalliance.security.LoginCsrfFilter;

/** Sign-in page. Spring Security processes the form; this view only shows it and its errors. */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in | GroupAlliance")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private final LoginForm login = new LoginForm();

    public LoginView() {
        addClassName("login-view");
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);

        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getErrorMessage().setTitle("Sign-in failed");
        i18n.getErrorMessage().setMessage("Check your username and password. After 5 failed attempts an account is locked for 15 minutes.");
        login.setI18n(i18n);
        login.setForgotPasswordButtonVisible(false);
        login.setAction("login");

        H1 title = new H1("GroupAlliance");
        Paragraph tagline = new Paragraph("Alliance, cohesion and outcome in group therapy");
        tagline.addClassName("tagline");
        add(title, tagline, login);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        // the form posts natively to /login: it carries the session's login CSRF token (never a secret beyond this session)
        var httpSession = ((com.vaadin.flow.server.WrappedHttpSession) com.vaadin.flow.server.VaadinSession.getCurrent().getSession()).getHttpSession();
        String token = LoginCsrfFilter.tokenFor(httpSession);
        login.setAction("login?" + LoginCsrfFilter.PARAMETER + "=" + token);
        if (event.getLocation().getQueryParameters().getParameters().containsKey("error")) {
            login.setError(true);
            // keep the username that was tried; the password must be typed again
            Object tried = httpSession.getAttribute(LoginCsrfFilter.SESSION_LAST_USERNAME);
            if (tried instanceof String username && !username.isBlank()) {
                login.getElement().executeJs("""
                        const form = this;
                        setTimeout(() => {
                          const input = form.querySelector("input[name='username']");
                          if (!input) { return; }
                          const field = input.closest('vaadin-text-field');
                          if (field) { field.value = $0; } else { input.value = $0; }
                          const pw = form.querySelector("input[name='password']");
                          if (pw) { pw.focus(); }
                        }, 0);""", username);
            }
        }
    }
}
