package org.groupalliance.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.util.Optional;

import org.groupalliance.base.ValidationException;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

@MariaDbTest
class UserServiceMariaDbTest {

    @Autowired org.springframework.context.ApplicationContext applicationContext;
    @Autowired UserService users;
    @Autowired SiteService sites;
    @Autowired UserDetailsService details;
    @Autowired PasswordEncoder encoder;
    @Autowired AuditLog audit;
    Actors actors;
    Account admin;

    @BeforeEach
    void setUp() {
        actors = new Actors(applicationContext);
        admin = actors.newUser(Role.ADMIN, null);
    }

    @Test
    void passwords_are_stored_as_bcrypt_hashes_never_in_clear() {
        Account anna = actors.newUser(Role.FACILITATOR, null);
        String hash = ((AppUserPrincipal) details.loadUserByUsername(anna.username())).passwordHash();
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain(anna.password());
        assertThat(encoder.matches(anna.password(), hash)).isTrue();
    }

    @Test
    void a_username_must_be_unique_and_well_formed() {
        Account anna = actors.newUser(Role.FACILITATOR, null);
        assertThatThrownBy(() -> as(admin, () -> users.create(new NewUser(anna.username(), "X", Role.FACILITATOR, Optional.empty()))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("username")).contains("already taken"));
        assertThatThrownBy(() -> as(admin, () -> users.create(new NewUser("9 bad name", "X", Role.FACILITATOR, Optional.empty()))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("username"));
    }

    @Test
    void only_admins_manage_users() {
        Account anna = actors.newUser(Role.FACILITATOR, null);
        assertThatThrownBy(() -> as(anna, () -> users.findAll())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(anna, () -> users.create(new NewUser("eve.x", "Eve", Role.ADMIN, Optional.empty()))))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(anna, () -> audit.search(AuditQuery.latest(5)))).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void an_admin_can_disable_and_re_role_a_user_but_not_themself() {
        Account anna = actors.newUser(Role.FACILITATOR, null);
        AppUser a = as(admin, () -> users.findById(anna.created().id())).orElseThrow();
        AppUser updated = as(admin, () -> users.update(a.id(), a.version(), a.fullName(), Role.RESEARCHER, Optional.empty(), false));
        assertThat(updated.role()).isEqualTo(Role.RESEARCHER);
        assertThat(details.loadUserByUsername(anna.username()).isEnabled()).isFalse();
        AppUser me = as(admin, () -> users.findById(admin.created().id())).orElseThrow();
        assertThatThrownBy(() -> as(admin, () -> users.update(me.id(), me.version(), me.fullName(), Role.ADMIN, Optional.empty(), false)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("enabled"));
    }

    @Test
    void users_change_their_own_password_after_proving_the_current_one() {
        Account anna = actors.newUser(Role.FACILITATOR, null);
        assertThatThrownBy(() -> as(anna, () -> users.changeOwnPassword("wrong", "a long new passphrase", "a long new passphrase")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("currentPassword"));
        assertThatThrownBy(() -> as(anna, () -> users.changeOwnPassword(anna.password(), "short", "short")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsEntry("newPassword", "Must be at least 12 characters long"));
        as(anna, () -> users.changeOwnPassword(anna.password(), "a long new passphrase", "a long new passphrase"));
        String hash = ((AppUserPrincipal) details.loadUserByUsername(anna.username())).passwordHash();
        assertThat(encoder.matches("a long new passphrase", hash)).isTrue();
        assertThat(as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.PASSWORD_CHANGE, null, null, null, 5)))).hasSize(1);
    }

    @Test
    void the_first_admin_is_created_only_when_no_account_exists() {
        assertThat(users.createFirstAdminIfNone()).isEmpty();
    }
}
