package org.groupalliance.operations;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import org.groupalliance.operations.internal.LeaseRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Named leases in the database, so that a job scheduled on every app node runs on one node at a
 * time ("once per cluster"): a node runs the job only while it holds the job's lease, which it
 * takes for a fixed time and which expires by itself if the node dies. Each take is a single
 * conditional statement, so two nodes asking at the same moment cannot both get it. A component of
 * the node itself, not a user-facing service: no user calls it, so it has no access rule.
 */
@Component
public class ClusterLease {

    /** Who holds a lease and until when. */
    public record Holder(String node, LocalDateTime acquiredAt, LocalDateTime expiresAt) {
    }

    private final LeaseRepository leases;
    private final Clock clock;
    private final String node;

    private final TransactionTemplate newTransaction;

    ClusterLease(LeaseRepository leases, ObjectProvider<Clock> clock, PlatformTransactionManager transactions) {
        this.leases = leases;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        // the host name alone is not unique (two nodes in one container host), the pid and a random part make it so
        this.node = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This node's name in the lease table. */
    public String node() {
        return node;
    }

    /**
     * True when this node now holds {@code name} for {@code duration}: the lease was new or had
     * expired (a node does not renew its own lease early, so a job runs once per lease period).
     * Two short transactions of their own: create the row if missing, then the conditional take.
     */
    public boolean tryTake(String name, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration: a lease must last longer than zero, not " + duration);
        }
        LocalDateTime now = now();
        newTransaction.executeWithoutResult(s -> leases.create(name, now));
        return Boolean.TRUE.equals(newTransaction.execute(s -> leases.take(name, node, now, now.plus(duration))));
    }

    /** Ends this node's lease early, so another node may take it at once. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void release(String name) {
        leases.release(name, node, now());
    }

    @Transactional(readOnly = true)
    public Optional<Holder> holder(String name) {
        return leases.find(name).map(l -> new Holder(l.holder(), l.acquiredAt(), l.expiresAt()));
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MILLIS);
    }
}
