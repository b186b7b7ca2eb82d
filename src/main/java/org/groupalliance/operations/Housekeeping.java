package org.groupalliance.operations;

import java.time.Duration;

import org.groupalliance.security.AttemptThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Periodic clean-up, run on every node's scheduler but carried out once per cluster: each node
 * tries to take the {@value #LEASE} lease for 90 % of the interval, and only the node that gets it
 * works. Today it forgets login and PIN throttle counters whose window and lock have passed, so
 * {@code attempt_throttle} stays small under a password-spraying attack.
 */
@Component
public class Housekeeping {

    public static final String LEASE = "housekeeping";
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    /** What one run did on this node: skipped (another node holds the lease) or ran. */
    public record Run(String node, boolean ran, int throttleRowsPurged) {
    }

    private final ClusterLease lease;
    private final AttemptThrottle throttle;
    private final Duration interval;

    Housekeeping(ClusterLease lease, AttemptThrottle throttle, @Value("${groupalliance.housekeeping.interval:PT10M}") Duration interval) {
        this.lease = lease;
        this.throttle = throttle;
        this.interval = interval;
    }

    @Scheduled(fixedDelayString = "${groupalliance.housekeeping.interval:PT10M}", initialDelayString = "${groupalliance.housekeeping.interval:PT10M}")
    void scheduled() {
        Run run = runOnce();
        if (run.ran() && run.throttleRowsPurged() > 0) {
            LOG.info("Housekeeping on {}: {} stale throttle rows purged", run.node(), run.throttleRowsPurged());
        }
    }

    /** One round: does the work only if this node gets the lease. */
    public Run runOnce() {
        if (!lease.tryTake(LEASE, interval.multipliedBy(9).dividedBy(10))) {
            return new Run(lease.node(), false, 0);
        }
        return new Run(lease.node(), true, throttle.purgeStale());
    }
}
