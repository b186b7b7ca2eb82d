package org.groupalliance.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.groupalliance.jooq.Tables;
import org.groupalliance.support.Actors;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log's hash chain on each engine: intact after ordinary writes and after concurrent
 * writers; an UPDATE or DELETE made in SQL behind the application's back is found and the first
 * broken row named. Each test puts back what it tampered with, so the chain is whole again after it.
 */
abstract class AuditChainContract {

    @Autowired ApplicationContext context;
    @Autowired AuditLog audit;
    @Autowired AuditChain chain;
    @Autowired JdbcTemplate jdbc;
    @Autowired DSLContext dsl;
    @Autowired PlatformTransactionManager transactions;

    @BeforeEach
    void setUp() {
        Actors.useSecurityOf(context);
    }

    AuditChain.Verification verify() {
        return SystemActor.call(chain::verify);
    }

    long write(String summary) {
        new TransactionTemplate(transactions).executeWithoutResult(s ->
                audit.recordFor("chain.test", AuditAction.UPDATE, "ChainTest", summary, summary));
        return jdbc.queryForObject("SELECT MAX(id) FROM audit_log", Long.class);
    }

    @Test
    void written_rows_are_chained_and_verify() {
        long first = write("one");
        long second = write("two");
        assertThat(second).isEqualTo(first + 1);
        String prevOfSecond = jdbc.queryForObject("SELECT prev_hash FROM audit_log WHERE id = ?", String.class, second);
        String hashOfFirst = jdbc.queryForObject("SELECT row_hash FROM audit_log WHERE id = ?", String.class, first);
        assertThat(prevOfSecond).isEqualTo(hashOfFirst).hasSize(64);
        AuditChain.Verification v = verify();
        assertThat(v.intact()).as(v.describe()).isTrue();
        assertThat(v.rowsChecked()).isGreaterThanOrEqualTo(2);
        assertThat(v.headHash()).isEqualTo(jdbc.queryForObject("SELECT row_hash FROM audit_log WHERE id = ?", String.class, second));
    }

    @Test
    void an_update_in_sql_is_found_and_the_row_named() {
        write("before");
        long tampered = write("original summary");
        write("after");
        assertThat(verify().intact()).isTrue();
        jdbc.update("UPDATE audit_log SET summary = 'innocent summary' WHERE id = ?", tampered);
        try {
            AuditChain.Verification v = verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenId()).isEqualTo(tampered);
            assertThat(v.describe()).contains("row " + tampered).contains("does not match its hash");
        } finally {
            jdbc.update("UPDATE audit_log SET summary = 'original summary' WHERE id = ?", tampered);
        }
        assertThat(verify().intact()).as("put back").isTrue();
    }

    @Test
    void a_deleted_row_breaks_the_link_of_the_next_one() {
        write("before");
        long deleted = write("to be deleted");
        long next = write("after");
        var row = dsl.selectFrom(Tables.AUDIT_LOG).where(Tables.AUDIT_LOG.ID.eq(deleted)).fetchOne();
        jdbc.update("DELETE FROM audit_log WHERE id = ?", deleted);
        try {
            AuditChain.Verification v = verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenId()).isEqualTo(next);
            assertThat(v.reason()).contains("does not follow row " + (deleted - 1));
        } finally {
            row.changed(true);
            dsl.insertInto(Tables.AUDIT_LOG).set(row).execute();
        }
        assertThat(verify().intact()).as("put back").isTrue();
    }

    @Test
    void a_deleted_last_row_is_found_by_the_head() {
        long last = write("the last one");
        var row = dsl.selectFrom(Tables.AUDIT_LOG).where(Tables.AUDIT_LOG.ID.eq(last)).fetchOne();
        jdbc.update("DELETE FROM audit_log WHERE id = ?", last);
        try {
            AuditChain.Verification v = verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.reason()).contains("names row " + last);
        } finally {
            row.changed(true);
            dsl.insertInto(Tables.AUDIT_LOG).set(row).execute();
        }
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void the_rows_of_one_transaction_are_written_together_at_its_commit_and_a_rollback_writes_none() {
        long first = write("alone");
        long headBefore = jdbc.queryForObject("SELECT last_id FROM audit_chain_head WHERE id = 1", Long.class);
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            for (int i = 0; i < 3; i++) {
                audit.recordFor("chain.test", AuditAction.UPDATE, "ChainTest", "batch", "batch row " + i);
            }
        });
        List<String> batch = jdbc.queryForList("SELECT summary FROM audit_log WHERE id > ? ORDER BY id", String.class, first);
        assertThat(batch).containsExactly("batch row 0", "batch row 1", "batch row 2");
        assertThat(jdbc.queryForObject("SELECT last_id FROM audit_chain_head WHERE id = 1", Long.class)).isEqualTo(headBefore + 3);
        long headAfterBatch = headBefore + 3;
        try {
            new TransactionTemplate(transactions).executeWithoutResult(s -> {
                audit.recordFor("chain.test", AuditAction.UPDATE, "ChainTest", "rolled back", "rolled back");
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }
        assertThat(jdbc.queryForObject("SELECT last_id FROM audit_chain_head WHERE id = 1", Long.class)).isEqualTo(headAfterBatch);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE summary = 'rolled back'", Long.class)).isZero();
        AuditChain.Verification v = verify();
        assertThat(v.intact()).as(v.describe()).isTrue();
    }

    @Test
    void a_row_recorded_after_the_transaction_s_batch_was_written_is_not_lost() {
        long first = write("alone");
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            audit.recordFor("chain.test", AuditAction.UPDATE, "ChainTest", "batch", "early row");
            // registered after the audit batch, same (lowest) order: runs after the batch was written
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public int getOrder() {
                            return org.springframework.core.Ordered.LOWEST_PRECEDENCE;
                        }

                        @Override
                        public void beforeCommit(boolean readOnly) {
                            audit.recordFor("chain.test", AuditAction.UPDATE, "ChainTest", "batch", "late row");
                        }
                    });
        });
        assertThat(jdbc.queryForList("SELECT summary FROM audit_log WHERE id > ? ORDER BY id", String.class, first))
                .containsExactly("early row", "late row");
        AuditChain.Verification v = verify();
        assertThat(v.intact()).as(v.describe()).isTrue();
    }

    @Test
    void concurrent_writers_make_one_unbroken_chain() throws Exception {
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class);
        int threads = 6;
        int each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                work.add(() -> {
                    for (int i = 0; i < each; i++) {
                        write("writer " + thread + " row " + i);
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class)).isEqualTo(before + threads * each);
        AuditChain.Verification v = verify();
        assertThat(v.intact()).as(v.describe()).isTrue();
    }
}
