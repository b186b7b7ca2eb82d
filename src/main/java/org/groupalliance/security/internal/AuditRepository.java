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

    /**
     * How long transactions waited for the chain head and held it (from the moment the head was
     * locked to the end of the commit, which releases it): the head is the one point every audited
     * change passes one at a time, so its hold time bounds the audited writes per second (load
     * benchmark, docs/benchmarks.md). Counted for batches written before a commit only.
     */
    public record HeadLockTimes(long locks, long waitNanos, long holdNanos, long maxHoldNanos) {
    }

    private static final java.util.concurrent.atomic.LongAdder LOCKS = new java.util.concurrent.atomic.LongAdder();
    private static final java.util.concurrent.atomic.LongAdder WAIT_NANOS = new java.util.concurrent.atomic.LongAdder();
    private static final java.util.concurrent.atomic.LongAdder HOLD_NANOS = new java.util.concurrent.atomic.LongAdder();
    private static final java.util.concurrent.atomic.LongAccumulator MAX_HOLD_NANOS = new java.util.concurrent.atomic.LongAccumulator(Math::max, 0);

    /** The totals since the start of the application. */
    public static HeadLockTimes headLockTimes() {
        return new HeadLockTimes(LOCKS.sum(), WAIT_NANOS.sum(), HOLD_NANOS.sum(), MAX_HOLD_NANOS.get());
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
        /** When this transaction's batch locked the head (System.nanoTime), 0 before. */
        long locked;

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
            long start = System.nanoTime();
            locked = owner.write(rows);
            WAIT_NANOS.add(locked - start);
        }

        @Override
        public void afterCompletion(int status) {
            if (locked != 0) {
                long held = System.nanoTime() - locked;
                LOCKS.increment();
                HOLD_NANOS.add(held);
                MAX_HOLD_NANOS.accumulate(held);
            }
        }
    }

    /** The columns of {@code audit_log} in the order of the prepared multi-row insert. */
    private static final List<org.jooq.Field<?>> COLUMNS = List.of(AUDIT_LOG.ID, AUDIT_LOG.OCCURRED_AT, AUDIT_LOG.ACTOR, AUDIT_LOG.ACTION,
            AUDIT_LOG.ENTITY_TYPE, AUDIT_LOG.ENTITY_ID, AUDIT_LOG.GROUP_ID, AUDIT_LOG.SUMMARY, AUDIT_LOG.BEFORE_VALUE, AUDIT_LOG.AFTER_VALUE,
            AUDIT_LOG.PREV_HASH, AUDIT_LOG.ROW_HASH);
    /** Rows per insert statement (12 placeholders a row, far below MariaDB's 65,535). */
    private static final int ROWS_PER_INSERT = 500;
    /** Rendered inserts by row count, up to this many rows (a save writes a few dozen). */
    private static final int CACHED_UP_TO = 128;
    private final java.util.concurrent.ConcurrentHashMap<Integer, String> insertSql = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Locks the head, appends the rows in order, moves the head: one lock, one insert (per 500
     * rows), one update. Everything that does not depend on the head (the insert's SQL, rendered
     * once per row count, and every value but id and hashes) is prepared before the lock, so the
     * head is held for the hashing (microseconds), the statements and the commit only (issue #13:
     * the head is the one point all audited saves pass one at a time).
     * Returns when the head was locked (System.nanoTime), 0 when there was nothing to write.
     */
    private long write(List<Pending> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        List<String> sql = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            sql.add(insertSql(Math.min(ROWS_PER_INSERT, rows.size() - from)));
        }
        Record2<Long, String> head = dsl.select(AUDIT_CHAIN_HEAD.LAST_ID, AUDIT_CHAIN_HEAD.LAST_HASH).from(AUDIT_CHAIN_HEAD)
                .where(AUDIT_CHAIN_HEAD.ID.eq(1)).forUpdate().fetchOptional()
                .orElseThrow(() -> new IllegalStateException("audit_chain_head has no row: the database was not migrated by Flyway (V23)"));
        long locked = System.nanoTime();
        long id = head.value1() == null ? 0 : head.value1();
        String previous = head.value2();
        Object[] binds = null;
        int at = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (i % ROWS_PER_INSERT == 0) {
                binds = new Object[Math.min(ROWS_PER_INSERT, rows.size() - i) * COLUMNS.size()];
                at = 0;
            }
            Pending p = rows.get(i);
            id++;
            String hash = AuditHash.of(previous, new AuditHash.Row(id, p.at(), p.actor(), p.action(), p.entityType(), p.entityId(), p.groupId(),
                    p.summary(), p.before(), p.after()));
            Object[] values = {id, p.at(), p.actor(), p.action(), p.entityType(), p.entityId(), p.groupId(), p.summary(), p.before(), p.after(),
                    previous, hash};
            for (int c = 0; c < values.length; c++) {
                binds[at++] = typed(COLUMNS.get(c), values[c]);
            }
            previous = hash;
            if (i % ROWS_PER_INSERT == ROWS_PER_INSERT - 1 || i == rows.size() - 1) {
                dsl.query(sql.get(i / ROWS_PER_INSERT), binds).execute();
            }
        }
        dsl.update(AUDIT_CHAIN_HEAD).set(AUDIT_CHAIN_HEAD.LAST_ID, id).set(AUDIT_CHAIN_HEAD.LAST_HASH, previous)
                .where(AUDIT_CHAIN_HEAD.ID.eq(1)).execute();
        return locked;
    }

    private static <T> org.jooq.Param<T> typed(org.jooq.Field<T> column, Object value) {
        return DSL.val(column.getDataType().convert(value), column.getDataType());
    }

    /** {@code insert into audit_log (...) values (?, ...), ...} for this many rows, in the database's dialect. */
    private String insertSql(int rows) {
        if (rows > CACHED_UP_TO) {
            return renderInsert(rows);
        }
        return insertSql.computeIfAbsent(rows, this::renderInsert);
    }

    private String renderInsert(int rows) {
        List<org.jooq.Field<?>> placeholders = COLUMNS.stream().<org.jooq.Field<?>>map(c -> DSL.val(null, c.getDataType())).toList();
        org.jooq.InsertValuesStepN<AuditLogRecord> values = dsl.insertInto(AUDIT_LOG, COLUMNS).values(placeholders);
        for (int i = 1; i < rows; i++) {
            values = values.values(placeholders);
        }
        return values.getSQL();
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
