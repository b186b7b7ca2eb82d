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
     * Takes the lease for {@code holder} if nobody holds it, it has expired, or {@code holder}
     * already holds it: one conditional UPDATE (or, for a lease never taken, one INSERT that a
     * second node's INSERT of the same name cannot also win). True when {@code holder} now holds it.
     */
    public boolean take(String name, String holder, LocalDateTime now, LocalDateTime until) {
        int updated = dsl.update(CLUSTER_LEASE)
                .set(CLUSTER_LEASE.HOLDER, holder).set(CLUSTER_LEASE.ACQUIRED_AT, now).set(CLUSTER_LEASE.EXPIRES_AT, until)
                .where(CLUSTER_LEASE.LEASE_NAME.eq(name).and(CLUSTER_LEASE.EXPIRES_AT.le(now).or(CLUSTER_LEASE.HOLDER.eq(holder))))
                .execute();
        if (updated == 1) {
            return true;
        }
        int inserted = dsl.insertInto(CLUSTER_LEASE)
                .set(CLUSTER_LEASE.LEASE_NAME, name).set(CLUSTER_LEASE.HOLDER, holder)
                .set(CLUSTER_LEASE.ACQUIRED_AT, now).set(CLUSTER_LEASE.EXPIRES_AT, until)
                .onDuplicateKeyIgnore().execute();
        return inserted == 1;
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
