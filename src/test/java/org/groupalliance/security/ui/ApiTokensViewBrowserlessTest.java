package org.groupalliance.security.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.TextField;
import org.groupalliance.security.ApiToken;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.SignedInBrowserlessTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The API tokens page driven without a browser on MariaDB. */
@MariaDbTest
class ApiTokensViewBrowserlessTest extends SignedInBrowserlessTest {

    @Autowired ApplicationContext applicationContext;

    @Override
    protected AppUserPrincipal signIn() {
        return new Actors(applicationContext).newUser(Role.RESEARCHER, null).principal();
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_token_is_shown_once_listed_and_revoked() {
        ApiTokensView view = navigate(ApiTokensView.class);
        test($(TextField.class).withId("token-label").single()).setValue("my script");
        test($(Button.class).withId("create-token").single()).click();
        String token = $(TextField.class).withId("new-token-value").single().getValue();
        assertThat(token).startsWith("gat_");
        Grid<ApiToken> grid = $(Grid.class).withId("tokens").single();
        ApiToken listed = grid.getListDataView().getItems().findFirst().orElseThrow();
        assertThat(listed.label()).isEqualTo("my script");
        assertThat(token).startsWith(listed.prefix());
        view.revoke(listed);
        assertThat(grid.getListDataView().getItems().findFirst().orElseThrow().revokedAt()).isNotNull();
        // a fresh visit never shows the token again
        navigate(PasswordView.class);
        navigate(ApiTokensView.class);
        assertThat($(TextField.class).withId("new-token-value").exists()).isFalse();
    }

}
