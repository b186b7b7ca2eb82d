package org.groupalliance.security.internal;

import static org.groupalliance.jooq.Tables.APP_USER;

import java.util.List;
import java.util.Optional;

import org.groupalliance.base.SiteId;
import org.groupalliance.base.Times;
import org.groupalliance.base.UserId;
import org.groupalliance.jooq.tables.records.AppUserRecord;
import org.groupalliance.security.AppUser;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Accounts in {@code app_user}. Writes join the caller's transaction so they commit with their audit entry. */
@Repository
public class UserRepository {

    private final DSLContext dsl;
    private final java.time.Clock clock;

    UserRepository(DSLContext dsl, java.time.Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public Optional<AppUserPrincipal> findPrincipal(String username) {
        return dsl.selectFrom(APP_USER).where(APP_USER.USERNAME.eq(username)).fetchOptional()
                .map(r -> new AppUserPrincipal(Optional.of(new UserId(r.getId())), r.getUsername(), r.getPasswordHash(),
                        Role.valueOf(r.getRole()), siteId(r), r.getEnabled(), false));
    }

    public Optional<AppUser> findById(UserId id) {
        return dsl.selectFrom(APP_USER).where(APP_USER.ID.eq(id.value())).fetchOptional().map(UserRepository::toUser);
    }

    public Optional<String> findPasswordHash(UserId id) {
        return dsl.select(APP_USER.PASSWORD_HASH).from(APP_USER).where(APP_USER.ID.eq(id.value())).fetchOptional(APP_USER.PASSWORD_HASH);
    }

    public List<AppUser> findAll() {
        return dsl.selectFrom(APP_USER).orderBy(APP_USER.USERNAME).fetch(UserRepository::toUser);
    }

    public List<AppUser> findByRole(Role role) {
        return dsl.selectFrom(APP_USER).where(APP_USER.ROLE.eq(role.name())).orderBy(APP_USER.USERNAME).fetch(UserRepository::toUser);
    }

    public boolean usernameExists(String username) {
        return dsl.fetchExists(APP_USER, APP_USER.USERNAME.eq(username));
    }

    public long count() {
        return dsl.fetchCount(APP_USER);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public UserId insert(String username, String fullName, String passwordHash, Role role, Optional<SiteId> siteId) {
        Long id = dsl.insertInto(APP_USER)
                .set(APP_USER.USERNAME, username)
                .set(APP_USER.FULL_NAME, fullName)
                .set(APP_USER.PASSWORD_HASH, passwordHash)
                .set(APP_USER.ROLE, role.name())
                .set(APP_USER.ENABLED, true)
                .set(APP_USER.SITE_ID, siteId.map(SiteId::value).orElse(null))
                .set(APP_USER.VERSION, 0)
                .set(APP_USER.CREATED_AT, Times.nowUtc(clock))
                .returningResult(APP_USER.ID).fetchOne(APP_USER.ID);
        return new UserId(id);
    }

    /** @return false when the row's version moved on (someone else saved first) */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean update(UserId id, int expectedVersion, String fullName, Role role, Optional<SiteId> siteId, boolean enabled) {
        return dsl.update(APP_USER)
                .set(APP_USER.FULL_NAME, fullName)
                .set(APP_USER.ROLE, role.name())
                .set(APP_USER.SITE_ID, siteId.map(SiteId::value).orElse(null))
                .set(APP_USER.ENABLED, enabled)
                .set(APP_USER.VERSION, APP_USER.VERSION.plus(1))
                .where(APP_USER.ID.eq(id.value()).and(APP_USER.VERSION.eq(expectedVersion)))
                .execute() == 1;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void updatePassword(UserId id, String passwordHash) {
        dsl.update(APP_USER)
                .set(APP_USER.PASSWORD_HASH, passwordHash)
                .set(APP_USER.PASSWORD_CHANGED_AT, Times.nowUtc(clock))
                .set(APP_USER.VERSION, APP_USER.VERSION.plus(1))
                .where(APP_USER.ID.eq(id.value()))
                .execute();
    }

    private static Optional<SiteId> siteId(AppUserRecord r) {
        return Optional.ofNullable(r.getSiteId()).map(SiteId::new);
    }

    private static AppUser toUser(AppUserRecord r) {
        return new AppUser(new UserId(r.getId()), r.getVersion(), r.getUsername(), r.getFullName(), Role.valueOf(r.getRole()),
                siteId(r), r.getEnabled(), r.getCreatedAt());
    }
}
