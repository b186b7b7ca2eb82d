package org.groupalliance.rupture;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.groupalliance.base.GroupId;
import org.groupalliance.capture.RatingsStored;
import org.groupalliance.security.SystemActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates the rupture rules whenever ratings are stored ({@link RatingsStored}, published by
 * capture for every save: leader entry, a member's phone, an observer, an import through
 * {@code RatingService}), after their transaction commits, in the saver's thread (so the leader's
 * home shows the alert at the next page load).
 *
 * <p>The events of one transaction are gathered: per group, the earliest session stored; after the
 * commit that session and every later one of the group are evaluated once (a correction of an
 * earlier session can raise or withdraw alerts at later ones; an import of forty sessions in one
 * transaction is evaluated once, not forty times). The evaluation runs in a transaction of its own
 * (REQUIRES_NEW: the saving one has committed), as the audited system actor, since a member on
 * their phone has no account. A failure here never undoes the saved ratings; it is logged and the
 * next save of the group evaluates again.
 */
@Component
class RatingsStoredListener {

    private static final Logger LOG = LoggerFactory.getLogger(RatingsStoredListener.class);

    private final RuptureEvaluation evaluation;
    private final AlertMailer mailer;
    private final TransactionTemplate newTransaction;

    RatingsStoredListener(RuptureEvaluation evaluation, AlertMailer mailer, PlatformTransactionManager transactions) {
        this.evaluation = evaluation;
        this.mailer = mailer;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @EventListener
    void on(RatingsStored event) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            evaluate(Map.of(event.groupId(), event.sessionNumber()));
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

    /** The earliest stored session per group of one transaction, evaluated once it commits. */
    private record AfterCommit(RatingsStoredListener owner, Map<GroupId, Integer> fromSession) implements TransactionSynchronization {
        @Override
        public void afterCommit() {
            owner.evaluate(fromSession);
        }
    }

    private void evaluate(Map<GroupId, Integer> fromSession) {
        fromSession.forEach((group, from) -> {
            try {
                List<Alert> created = SystemActor.call(() -> newTransaction.execute(status -> evaluation.evaluateFrom(group, from)));
                if (created.stream().anyMatch(a -> a.fromMember() && a.rule().memberLevel())) {
                    mailer.notifyLeaders(group);
                }
            } catch (RuntimeException e) {
                LOG.error("Rupture rules could not be evaluated from session {} of group {}", from, group, e);
            }
        });
    }
}
