package org.groupalliance.security;

import java.util.List;
import java.util.Optional;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.SiteId;
import org.groupalliance.base.UserId;
import org.groupalliance.base.Validator;
import org.groupalliance.security.internal.SiteRepository;
import org.groupalliance.security.internal.UserRepository;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts: created, re-roled and disabled by admins; passwords changed by their owners. */
@Service
public class UserService {

    private static final String USERNAME_RULE = "[a-z][a-z0-9._-]{2,59}";

    private final UserRepository users;
    private final SiteRepository sites;
    private final PasswordEncoder passwordEncoder;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final AccountRecheck recheck;

    UserService(UserRepository users, SiteRepository sites, PasswordEncoder passwordEncoder, AuditLog audit, CurrentUser currentUser,
                AccountRecheck recheck) {
        this.recheck = recheck;
        this.users = users;
        this.sites = sites;
        this.passwordEncoder = passwordEncoder;
        this.audit = audit;
        this.currentUser = currentUser;
    }

    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    @Transactional(readOnly = true)
    public List<AppUser> findAll() {
        return users.findAll();
    }

    /** Facilitators who can be made leaders of a group (any signed-in facilitator or admin may list them). */
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "')")
    @Transactional(readOnly = true)
    public List<AppUser> findFacilitators() {
        return users.findByRole(Role.FACILITATOR).stream().filter(AppUser::enabled).toList();
    }

    /** Observer accounts that can be assigned to a group. */
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "')")
    @Transactional(readOnly = true)
    public List<AppUser> findObservers() {
        return users.findByRole(Role.OBSERVER).stream().filter(AppUser::enabled).toList();
    }

    /** An account, for an admin or for the user themself. */
    @Transactional(readOnly = true)
    public Optional<AppUser> findById(UserId id) {
        AppUserPrincipal me = currentUser.require();
        if (me.role() != Role.ADMIN && !me.userId().map(id::equals).orElse(false)) {
            throw new org.springframework.security.access.AccessDeniedException("Only admins read other accounts");
        }
        return users.findById(id);
    }

    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    @Transactional
    public CreatedUser create(NewUser user) {
        String username = user.username() == null ? "" : user.username().trim().toLowerCase();
        String fullName = user.fullName() == null ? "" : user.fullName().trim();
        Validator v = new Validator()
                .check(username.matches(USERNAME_RULE), "username",
                        "Username: 3-60 characters, lower-case letters, digits, '.', '_' or '-', starting with a letter")
                .check(!fullName.isEmpty() && fullName.length() <= 120, "fullName", "Full name is required (at most 120 characters)")
                .check(user.role() != null, "role", "Choose a role");
        if (!v.hasError("username")) {
            v.check(!users.usernameExists(username), "username", "Username '" + username + "' is already taken");
        }
        checkSite(v, user.siteId());
        v.throwIfInvalid();
        String password = Passwords.generate();
        UserId id = users.insert(username, fullName, passwordEncoder.encode(password), user.role(), user.siteId());
        audit.record(AuditAction.CREATE, "User", id, null, "Created user " + username + " as " + user.role(), null,
                users.findById(id).orElseThrow());
        return new CreatedUser(id, username, password);
    }

    /**
     * Changes name, role, site and enabled flag. An admin cannot disable or demote themself (no lock-out).
     * Disabling, re-roling or moving the account to another site ends all its sessions at their next request.
     */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    @Transactional
    public AppUser update(UserId id, int version, String fullName, Role role, Optional<SiteId> siteId, boolean enabled) {
        AppUser before = users.findById(id).orElseThrow(() -> new NotFoundException("User"));
        String name = fullName == null ? "" : fullName.trim();
        boolean self = currentUser.require().userId().map(id::equals).orElse(false);
        Validator v = new Validator()
                .check(!name.isEmpty() && name.length() <= 120, "fullName", "Full name is required (at most 120 characters)")
                .check(role != null, "role", "Choose a role")
                .check(!(self && role != Role.ADMIN), "role", "You cannot remove your own admin role")
                .check(!(self && !enabled), "enabled", "You cannot disable your own account");
        checkSite(v, siteId);
        v.throwIfInvalid();
        boolean endSessions = before.enabled() != enabled || before.role() != role || !before.siteId().equals(siteId);
        if (!users.update(id, version, name, role, siteId, enabled, endSessions)) {
            throw new ConcurrentEditException("User " + before.username());
        }
        recheck.forgetAfterCommit(id);
        AppUser after = users.findById(id).orElseThrow();
        audit.record(AuditAction.UPDATE, "User", id, null, "Updated user " + before.username(), before, after);
        return after;
    }

    /** Generates a new one-time password for a user who forgot theirs; the user's open sessions end. */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    @Transactional
    public String resetPassword(UserId id) {
        AppUser user = users.findById(id).orElseThrow(() -> new NotFoundException("User"));
        String password = Passwords.generate();
        users.updatePassword(id, passwordEncoder.encode(password));
        recheck.forgetAfterCommit(id);
        audit.record(AuditAction.PASSWORD_RESET, "User", id, null, "Reset password of " + user.username(), null, null);
        return password;
    }

    /**
     * The current user changes their own password, proving they know the current one. Their other
     * sessions end; this one carries on with the new security stamp.
     */
    @Transactional
    public void changeOwnPassword(String currentPassword, String newPassword, String repeated) {
        AppUserPrincipal me = currentUser.require();
        UserId id = currentUser.requireUserId();
        String hash = users.findPasswordHash(id).orElseThrow(() -> new NotFoundException("User"));
        Validator v = new Validator()
                .check(currentPassword != null && passwordEncoder.matches(currentPassword, hash), "currentPassword",
                        "Current password is not correct");
        String problem = Passwords.problem(newPassword, me.username());
        v.check(problem == null, "newPassword", problem);
        v.check(newPassword != null && newPassword.equals(repeated), "repeatPassword", "The two new passwords differ");
        v.check(currentPassword == null || !currentPassword.equals(newPassword), "newPassword", "Choose a password different from the current one");
        v.throwIfInvalid();
        int stamp = users.updatePassword(id, passwordEncoder.encode(newPassword));
        recheck.forgetAfterCommit(id);
        audit.record(AuditAction.PASSWORD_CHANGE, "User", id, null, me.username() + " changed their password", null, null);
        var context = org.springframework.security.core.context.SecurityContextHolder.getContext();
        var auth = context.getAuthentication();
        context.setAuthentication(org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
                me.withSecurityStamp(stamp), auth == null ? null : auth.getCredentials(), me.getAuthorities()));
    }

    private void checkSite(Validator v, Optional<SiteId> siteId) {
        if (siteId != null && siteId.isPresent()) {
            v.check(sites.findById(siteId.get()).isPresent(), "siteId", "Unknown site");
        }
    }

    /** Used once, before any account exists: the first admin, with a generated password. */
    @Transactional
    public Optional<CreatedUser> createFirstAdminIfNone() {
        if (users.count() > 0) {
            return Optional.empty();
        }
        return Optional.of(SystemActor.call(() -> create(new NewUser("admin", "Administrator", Role.ADMIN, Optional.empty()))));
    }

}
