package org.groupalliance.rupture;

import java.util.LinkedHashMap;
import java.util.Map;

import org.groupalliance.base.GroupId;
import org.groupalliance.capture.RatingsStored;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Asks for the rupture rules to be evaluated whenever ratings are stored ({@link RatingsStored},
 * published by capture for every save: leader entry, a member's phone, an observer, an import
 * through {@code RatingService}), once their transaction has committed.
 *
 * <p>The events of one transaction are gathered: per group, the earliest session stored; after the
 * commit that session and every later one of the group are evaluated once (a correction of an
 * earlier session can raise or withdraw alerts at later ones; an import of forty sessions in one
 * transaction is evaluated once, not forty times). The evaluation itself runs on
 * {@link RuptureEvaluations}' workers, not in the saver's thread, which after its commit still holds
 * its pool connection (issue 13): the save returns at once, and the alert appears within about one
 * evaluation's time (see there). A failure there never undoes the saved ratings.
 */
@Component
class RatingsStoredListener {

    private final RuptureEvaluations evaluations;

    RatingsStoredListener(RuptureEvaluations evaluations) {
        this.evaluations = evaluations;
    }

    @EventListener
    void on(RatingsStored event) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            evaluations.request(event.groupId(), event.sessionNumber());
            return;
        }
        AfterCommit pending = TransactionSynchronizationManager.getSynchronizations().stream().filter(s -> s instanceof AfterCommit a && a.owner() == this)
                .map(AfterCommit.class::cast).findFirst().orElseGet(() -> {
                    AfterCommit a = new AfterCommit(this, new LinkedHashMap<>());
                    TransactionSynchronizationManager.registerSynchronization(a);
                    return a;
                });
        pending.fromSession().merge(event.groupId(), event.sessionNumber(), Math::min);
    }

    /** The earliest stored session per group of one transaction, handed over once it commits. */
    private record AfterCommit(RatingsStoredListener owner, Map<GroupId, Integer> fromSession) implements TransactionSynchronization {
        @Override
        public void afterCommit() {
            fromSession.forEach(owner.evaluations::request);
        }
    }
}
