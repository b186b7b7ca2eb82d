package org.groupalliance.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.nio.charset.StandardCharsets;

import org.groupalliance.base.ValidationException;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.core.userdetails.UserDetailsService;

/** Issue 13: sessions that outlive a change of the account, and bcrypt's 72-byte limit. */
@MariaDbTest
class AccountSecurityMariaDbTest {

    @Autowired org.springframework.context.ApplicationContext applicationContext;
    @Autowired UserService users;
    @Autowired UserDetailsService details;
    @Autowired AccountRecheck recheck;
    @Autowired AuthenticationConfiguration authenticationConfiguration;
    Actors actors;
    Account admin;

    @BeforeEach
    void setUp() {
        actors = new Actors(applicationContext);
        admin = actors.newUser(Role.ADMIN, null);
    }

    private AppUser load(Account a) {
        return as(admin, () -> users.findById(a.created().id())).orElseThrow();
    }

    @Test
    void disabling_a_user_ends_the_session_he_signed_in_with() {
        Account ben = actors.newUser(Role.FACILITATOR, null);
        AppUserPrincipal signedIn = ben.principal();
        assertThat(recheck.isCurrent(signedIn)).isTrue();
        AppUser u = load(ben);
        as(admin, () -> users.update(u.id(), u.version(), u.fullName(), u.role(), u.siteId(), false));
        assertThat(recheck.isCurrent(signedIn)).isFalse();
        // enabling him again does not revive the old session: the stamp moved on
        AppUser disabled = load(ben);
        as(admin, () -> users.update(disabled.id(), disabled.version(), disabled.fullName(), disabled.role(), disabled.siteId(), true));
        assertThat(recheck.isCurrent(signedIn)).isFalse();
        assertThat(recheck.isCurrent((AppUserPrincipal) details.loadUserByUsername(ben.username()))).isTrue();
    }

    @Test
    void re_roling_or_resetting_the_password_ends_the_session_but_renaming_does_not() {
        Account cleo = actors.newUser(Role.FACILITATOR, null);
        AppUser u = load(cleo);
        as(admin, () -> users.update(u.id(), u.version(), "Cleo Renamed", u.role(), u.siteId(), true));
        assertThat(recheck.isCurrent(cleo.principal())).isTrue();
        AppUser renamed = load(cleo);
        as(admin, () -> users.update(renamed.id(), renamed.version(), renamed.fullName(), Role.RESEARCHER, renamed.siteId(), true));
        assertThat(recheck.isCurrent(cleo.principal())).isFalse();

        Account dora = actors.newUser(Role.FACILITATOR, null);
        as(admin, () -> users.resetPassword(dora.created().id()));
        assertThat(recheck.isCurrent(dora.principal())).isFalse();
    }

    @Test
    void changing_ones_own_password_keeps_this_session_and_ends_the_others() {
        Account eve = actors.newUser(Role.FACILITATOR, null);
        AppUserPrincipal otherBrowser = eve.principal();
        AppUserPrincipal thisSession = as(eve, () -> {
            users.changeOwnPassword(eve.password(), "a new long passphrase", "a new long passphrase");
            return (AppUserPrincipal) org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication().getPrincipal();
        });
        assertThat(recheck.isCurrent(thisSession)).isTrue();
        assertThat(recheck.isCurrent(otherBrowser)).isFalse();
    }

    @Test
    void a_72_byte_password_works_and_a_73_byte_one_is_refused_with_a_message() throws Exception {
        Account fay = actors.newUser(Role.FACILITATOR, null);
        String bytes72 = "correct horse battery staple ".repeat(3).substring(0, 70) + "é"; // 70 ASCII + 2 bytes
        String bytes73 = "correct horse battery staple ".repeat(3).substring(0, 71) + "é"; // 72 characters, 73 bytes
        assertThat(bytes72.getBytes(StandardCharsets.UTF_8)).hasSize(72);
        assertThat(bytes73.getBytes(StandardCharsets.UTF_8)).hasSize(73);
        assertThat(bytes73).hasSize(72);

        assertThatThrownBy(() -> as(fay, () -> users.changeOwnPassword(fay.password(), bytes73, bytes73)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("newPassword")).contains("72 bytes"));

        as(fay, () -> users.changeOwnPassword(fay.password(), bytes72, bytes72));
        var manager = authenticationConfiguration.getAuthenticationManager();
        assertThat(manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(fay.username(), bytes72)).isAuthenticated()).isTrue();
        // a longer password that shares the first 72 bytes is not the same password (no silent truncation)
        assertThatThrownBy(() -> manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(fay.username(), bytes72 + "x")))
                .isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void only_admins_and_the_user_himself_read_an_account() {
        Account gil = actors.newUser(Role.FACILITATOR, null);
        Account hal = actors.newUser(Role.OBSERVER, null);
        assertThat(as(gil, () -> users.findById(gil.created().id()))).isPresent();
        assertThat(as(admin, () -> users.findById(gil.created().id()))).isPresent();
        assertThatThrownBy(() -> as(hal, () -> users.findById(gil.created().id())))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
    }
}
