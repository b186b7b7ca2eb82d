package org.groupalliance.security.internal;

import static org.groupalliance.jooq.Tables.AUDIT_LOG;

import java.util.ArrayList;
import java.util.List;

import org.groupalliance.base.Times;
import org.groupalliance.security.AuditEntry;
import org.groupalliance.security.AuditQuery;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The append-only {@code audit_log}: this class has no update or delete by design. */
@Repository
public class AuditRepository {

    private final DSLContext dsl;
    private final java.time.Clock clock;

    AuditRepository(DSLContext dsl, java.time.Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public void insert(String actor, String action, String entityType, String entityId, Long groupId, String summary,
                       String before, String after) {
        dsl.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.OCCURRED_AT, Times.nowUtc(clock))
                .set(AUDIT_LOG.ACTOR, actor)
                .set(AUDIT_LOG.ACTION, action)
                .set(AUDIT_LOG.ENTITY_TYPE, entityType)
                .set(AUDIT_LOG.ENTITY_ID, entityId)
                .set(AUDIT_LOG.GROUP_ID, groupId)
                .set(AUDIT_LOG.SUMMARY, summary == null ? null : truncate(summary, 500))
                .set(AUDIT_LOG.BEFORE_VALUE, before)
                .set(AUDIT_LOG.AFTER_VALUE, after)
                .execute();
    }

    public List<AuditEntry> search(AuditQuery q) {
        List<Condition> conditions = new ArrayList<>();
        if (q.actor() != null && !q.actor().isBlank()) {
            conditions.add(AUDIT_LOG.ACTOR.eq(q.actor().trim()));
        }
        if (q.action() != null) {
            conditions.add(AUDIT_LOG.ACTION.eq(q.action().name()));
        }
        if (q.entityType() != null && !q.entityType().isBlank()) {
            conditions.add(AUDIT_LOG.ENTITY_TYPE.eq(q.entityType().trim()));
        }
        if (q.from() != null) {
            conditions.add(AUDIT_LOG.OCCURRED_AT.ge(q.from().atStartOfDay()));
        }
        if (q.to() != null) {
            conditions.add(AUDIT_LOG.OCCURRED_AT.lt(q.to().plusDays(1).atStartOfDay()));
        }
        return dsl.selectFrom(AUDIT_LOG)
                .where(DSL.and(conditions))
                .orderBy(AUDIT_LOG.ID.desc())
                .limit(Math.max(1, Math.min(q.limit(), 10_000)))
                .fetch(r -> new AuditEntry(r.getId(), r.getOccurredAt(), r.getActor(), r.getAction(), r.getEntityType(),
                        r.getEntityId(), r.getGroupId(), r.getSummary(), r.getBeforeValue(), r.getAfterValue()));
    }

    public List<String> entityTypes() {
        return dsl.selectDistinct(AUDIT_LOG.ENTITY_TYPE).from(AUDIT_LOG).orderBy(AUDIT_LOG.ENTITY_TYPE).fetch(AUDIT_LOG.ENTITY_TYPE);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
