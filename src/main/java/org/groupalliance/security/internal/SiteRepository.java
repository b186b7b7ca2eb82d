package org.groupalliance.security.internal;

import static org.groupalliance.jooq.Tables.SITE;

import java.util.List;
import java.util.Optional;

import org.groupalliance.base.SiteId;
import org.groupalliance.base.Times;
import org.groupalliance.security.Site;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Sites in {@code site}. */
@Repository
public class SiteRepository {

    private final DSLContext dsl;
    private final java.time.Clock clock;

    SiteRepository(DSLContext dsl, java.time.Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public List<Site> findAll() {
        return dsl.selectFrom(SITE).orderBy(SITE.NAME).fetch(r -> new Site(new SiteId(r.getId()), r.getVersion(), r.getName()));
    }

    public Optional<Site> findById(SiteId id) {
        return dsl.selectFrom(SITE).where(SITE.ID.eq(id.value())).fetchOptional()
                .map(r -> new Site(new SiteId(r.getId()), r.getVersion(), r.getName()));
    }

    public boolean nameExists(String name, Optional<SiteId> except) {
        var condition = SITE.NAME.eq(name);
        if (except.isPresent()) {
            condition = condition.and(SITE.ID.ne(except.get().value()));
        }
        return dsl.fetchExists(SITE, condition);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public SiteId insert(String name) {
        return new SiteId(dsl.insertInto(SITE).set(SITE.NAME, name).set(SITE.VERSION, 0).set(SITE.CREATED_AT, Times.nowUtc(clock))
                .returningResult(SITE.ID).fetchOne(SITE.ID));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public boolean rename(SiteId id, int expectedVersion, String name) {
        return dsl.update(SITE).set(SITE.NAME, name).set(SITE.VERSION, SITE.VERSION.plus(1))
                .where(SITE.ID.eq(id.value()).and(SITE.VERSION.eq(expectedVersion))).execute() == 1;
    }
}
