package org.groupalliance.operations.internal;

import static org.groupalliance.jooq.Tables.CLUSTER_LEASE;

import java.time.LocalDateTime;
import java.util.Optional;

import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** Rows of {@code cluster_lease}; each change is one statement, so two nodes cannot both win. */
@Repository
public class LeaseRepository {

    /** A lease as stored. */
    public record Lease(String name, String holder, LocalDateTime acquiredAt, LocalDateTime expiresAt) {
    }

    private final DSLContext dsl;

    LeaseRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Makes sure the lease's row exists, as free (expired at {@code now}). Run in its own short
     * transaction before {@link #take}: an INSERT IGNORE of an existing row holds a shared lock on
     * it, and two nodes each holding one and then asking for the exclusive lock of the UPDATE would
     * deadlock (seen with two nodes starting the job at the same moment).
     */
    public void create(String name, LocalDateTime now) {
        dsl.insertInto(CLUSTER_LEASE)
                .set(CLUSTER_LEASE.LEASE_NAME, name).set(CLUSTER_LEASE.HOLDER, "")
                .set(CLUSTER_LEASE.ACQUIRED_AT, now).set(CLUSTER_LEASE.EXPIRES_AT, now)
                .onDuplicateKeyIgnore().execute();
    }

    /**
     * Takes the lease for {@code holder} if it has expired (also from itself: a job that took it
     * for one period does not run again before the period is over): one conditional UPDATE of an
     * existing row, so of two nodes asking at once exactly one changes it. True when {@code holder}
     * now holds it.
     */
    public boolean take(String name, String holder, LocalDateTime now, LocalDateTime until) {
        return dsl.update(CLUSTER_LEASE)
                .set(CLUSTER_LEASE.HOLDER, holder).set(CLUSTER_LEASE.ACQUIRED_AT, now).set(CLUSTER_LEASE.EXPIRES_AT, until)
                .where(CLUSTER_LEASE.LEASE_NAME.eq(name).and(CLUSTER_LEASE.EXPIRES_AT.le(now)))
                .execute() == 1;
    }

    /** Gives the lease up early (only the holder can). */
    public void release(String name, String holder, LocalDateTime now) {
        dsl.update(CLUSTER_LEASE).set(CLUSTER_LEASE.EXPIRES_AT, now)
                .where(CLUSTER_LEASE.LEASE_NAME.eq(name).and(CLUSTER_LEASE.HOLDER.eq(holder))).execute();
    }

    public Optional<Lease> find(String name) {
        return dsl.selectFrom(CLUSTER_LEASE).where(CLUSTER_LEASE.LEASE_NAME.eq(name))
                .fetchOptional(r -> new Lease(r.getLeaseName(), r.getHolder(), r.getAcquiredAt(), r.getExpiresAt()));
    }
}
