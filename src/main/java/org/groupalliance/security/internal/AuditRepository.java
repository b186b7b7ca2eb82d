package org.groupalliance.security.internal;

import static org.groupalliance.jooq.Tables.AUDIT_CHAIN_HEAD;
import static org.groupalliance.jooq.Tables.AUDIT_LOG;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.groupalliance.base.AuditHash;
import org.groupalliance.base.Times;
import org.groupalliance.jooq.tables.records.AuditLogRecord;
import org.groupalliance.security.AuditChain;
import org.groupalliance.security.AuditEntry;
import org.groupalliance.security.AuditQuery;
import org.jooq.Condition;
import org.jooq.InsertSetMoreStep;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The append-only {@code audit_log}: this class has no update or delete by design, and the database
 * user of the application should have no UPDATE or DELETE on the table (README, Databases). Every
 * row is chained to the one before by {@link AuditHash}.
 */
@Repository
public class AuditRepository {

    private static final int PAGE = 1000;

    private final DSLContext dsl;
    private final java.time.Clock clock;

    /** False only to measure the old way (one head lock per row, held from the first row to the commit): docs/benchmarks.md. */
    private final boolean batchPerTransaction;

    AuditRepository(DSLContext dsl, java.time.Clock clock,
                    @org.springframework.beans.factory.annotation.Value("${groupalliance.audit.batch-per-transaction:true}") boolean batchPerTransaction) {
        this.dsl = dsl;
        this.clock = clock;
        this.batchPerTransaction = batchPerTransaction;
    }

    /**
     * Appends a row to the chain. Inside a transaction the row is kept until just before the
     * transaction commits, and then all rows of the transaction are written at once under one lock
     * of the one-row chain head ({@code SELECT ... FOR UPDATE}): concurrent writers still chain one
     * after the other, but the head is held only for that last moment of each transaction, not from
     * its first audit row to its commit (issue 13: the lock serialised every saving transaction).
     * Each row gets the id after the one before (written explicitly: the hash covers the id) and the
     * head moves on. A rolled-back transaction writes no row and leaves the head. The time of a row
     * is taken when it is recorded. Outside a transaction the row is written at once.
     */
    public void insert(String actor, String action, String entityType, String entityId, Long groupId, String summary,
                       String before, String after) {
        Pending row = new Pending(actor, action, entityType, entityId, groupId, summary == null ? null : truncate(summary, 500), before, after,
                Times.nowUtc(clock));
        if (batchPerTransaction && TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive()) {
            BeforeCommit batch = TransactionSynchronizationManager.getSynchronizations().stream()
                    .filter(s -> s instanceof BeforeCommit b && b.owner == this).map(BeforeCommit.class::cast).findFirst()
                    .orElse(null);
            if (batch != null && batch.written) {
                // recorded after this transaction's batch was written (a later before-commit or before-completion
                // callback): a synchronization registered now would never be called, so write the row at once
                write(List.of(row));
                return;
            }
            if (batch == null) {
                batch = new BeforeCommit(this);
                TransactionSynchronizationManager.registerSynchronization(batch);
            }
            batch.rows.add(row);
            return;
        }
        write(List.of(row));
    }

    /** A row recorded in the current transaction, not yet written. */
    private record Pending(String actor, String action, String entityType, String entityId, Long groupId, String summary, String before,
                           String after, LocalDateTime at) {
    }

    /** The rows of one transaction, written just before it commits, after every other synchronization's own audit rows. */
    private static final class BeforeCommit implements TransactionSynchronization {
        final AuditRepository owner;
        final List<Pending> rows = new ArrayList<>();
        boolean written;

        BeforeCommit(AuditRepository owner) {
            this.owner = owner;
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            written = true; // a row recorded from here on is written at once (see insert)
            owner.write(rows);
        }
    }

    /** Locks the head, appends the rows in order, moves the head: one lock, one insert, one update. */
    private void write(List<Pending> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Record2<Long, String> head = dsl.select(AUDIT_CHAIN_HEAD.LAST_ID, AUDIT_CHAIN_HEAD.LAST_HASH).from(AUDIT_CHAIN_HEAD)
                .where(AUDIT_CHAIN_HEAD.ID.eq(1)).forUpdate().fetchOptional()
                .orElseThrow(() -> new IllegalStateException("audit_chain_head has no row: the database was not migrated by Flyway (V23)"));
        long id = head.value1() == null ? 0 : head.value1();
        String previous = head.value2();
        List<AuditLogRecord> records = new ArrayList<>(rows.size());
        for (Pending p : rows) {
            id++;
            String hash = AuditHash.of(previous, new AuditHash.Row(id, p.at(), p.actor(), p.action(), p.entityType(), p.entityId(), p.groupId(),
                    p.summary(), p.before(), p.after()));
            AuditLogRecord r = new AuditLogRecord();
            r.setId(id);
            r.setOccurredAt(p.at());
            r.setActor(p.actor());
            r.setAction(p.action());
            r.setEntityType(p.entityType());
            r.setEntityId(p.entityId());
            r.setGroupId(p.groupId());
            r.setSummary(p.summary());
            r.setBeforeValue(p.before());
            r.setAfterValue(p.after());
            r.setPrevHash(previous);
            r.setRowHash(hash);
            records.add(r);
            previous = hash;
        }
        InsertSetMoreStep<AuditLogRecord> insert = null;
        for (AuditLogRecord r : records) {
            insert = insert == null ? dsl.insertInto(AUDIT_LOG).set(r) : insert.newRecord().set(r);
        }
        insert.execute();
        dsl.update(AUDIT_CHAIN_HEAD).set(AUDIT_CHAIN_HEAD.LAST_ID, id).set(AUDIT_CHAIN_HEAD.LAST_HASH, previous)
                .where(AUDIT_CHAIN_HEAD.ID.eq(1)).execute();
    }

    /** Walks the chain in id order, a page at a time; see {@link AuditChain#verify()}. */
    public AuditChain.Verification verifyChain() {
        Record2<Long, String> head = dsl.select(AUDIT_CHAIN_HEAD.LAST_ID, AUDIT_CHAIN_HEAD.LAST_HASH).from(AUDIT_CHAIN_HEAD)
                .where(AUDIT_CHAIN_HEAD.ID.eq(1)).fetchOptional().orElse(null);
        if (head == null) {
            return new AuditChain.Verification(false, 0, null, "the chain head (audit_chain_head) is missing", null);
        }
        String previous = AuditHash.GENESIS;
        Long previousId = null;
        long checked = 0;
        long after = Long.MIN_VALUE;
        while (true) {
            List<AuditLogRecord> page = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ID.gt(after)).orderBy(AUDIT_LOG.ID).limit(PAGE).fetch();
            for (AuditLogRecord r : page) {
                checked++;
                if (!previous.equals(r.getPrevHash())) {
                    return broken(checked, r.getId(), previousId == null
                            ? "the first row does not start the chain (rows before it were deleted, or it was changed)"
                            : "it does not follow row " + previousId + " (a row between them was deleted, or one of them was changed)", head);
                }
                String expected = AuditHash.of(previous, new AuditHash.Row(r.getId(), r.getOccurredAt(), r.getActor(), r.getAction(),
                        r.getEntityType(), r.getEntityId(), r.getGroupId(), r.getSummary(), r.getBeforeValue(), r.getAfterValue()));
                if (!expected.equals(r.getRowHash())) {
                    return broken(checked, r.getId(), "its content does not match its hash (changed after it was written)", head);
                }
                previous = r.getRowHash();
                previousId = r.getId();
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.getLast().getId();
        }
        if (!java.util.Objects.equals(head.value1(), previousId) || !previous.equals(head.value2())) {
            return new AuditChain.Verification(false, checked, null, "the chain head names row " + head.value1() + " but the last row is "
                    + previousId + " (rows at the end were deleted, or the head was changed)", head.value2());
        }
        return new AuditChain.Verification(true, checked, null, null, head.value2());
    }

    private static AuditChain.Verification broken(long checked, long id, String reason, Record2<Long, String> head) {
        return new AuditChain.Verification(false, checked, id, reason, head.value2());
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
