package org.groupalliance.support;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.internal.CurrentInstance;
import org.groupalliance.security.AppUserPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A browserless view test with a real signed-in user. Browserless takes the user from the security
 * context when it initialises the Vaadin environment, so {@link #signIn()} runs before that; and
 * Vaadin's security-context strategy reads VaadinSession.getCurrent() first, so the session is
 * cleared from the thread afterwards, where it would shadow later tests' users.
 */
public abstract class SignedInBrowserlessTest extends SpringBrowserlessTest {

    /** Prepares the test's data and returns who is signed in; runs before the Vaadin environment starts. */
    protected abstract AppUserPrincipal signIn();

    @BeforeEach
    @Override
    protected void initVaadinEnvironment() {
        signInAs(signIn());
        super.initVaadinEnvironment();
    }

    /** Switches the signed-in user within a test. */
    protected static void signInAs(AppUserPrincipal principal) {
        var ctx = SecurityContextHolder.createEmptyContext();
        ctx.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
        SecurityContextHolder.setContext(ctx);
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Override
    protected void cleanVaadinEnvironment() {
        super.cleanVaadinEnvironment();
        CurrentInstance.clearAll();
    }
}
