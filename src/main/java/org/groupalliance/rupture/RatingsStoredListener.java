package org.groupalliance.rupture;

import java.util.List;

import org.groupalliance.capture.RatingsStored;
import org.groupalliance.security.SystemActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Evaluates the rupture rules whenever ratings are stored, after their transaction commits, in
 * the saver's thread (so the leader's home shows the alert at the next page load). Runs as the
 * audited system actor: a member on their phone has no account. A failure here never undoes the
 * members' saved answers; it is logged and the next save of the session evaluates again.
 */
@Component
class RatingsStoredListener {

    private static final Logger LOG = LoggerFactory.getLogger(RatingsStoredListener.class);

    private final RuptureEvaluation evaluation;
    private final AlertMailer mailer;

    RatingsStoredListener(RuptureEvaluation evaluation, AlertMailer mailer) {
        this.evaluation = evaluation;
        this.mailer = mailer;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(RatingsStored event) {
        try {
            List<Alert> created = SystemActor.call(() -> evaluation.evaluate(event.sessionId()));
            if (created.stream().anyMatch(a -> a.fromMember() && a.rule().memberLevel())) {
                mailer.notifyLeaders(event.groupId());
            }
        } catch (RuntimeException e) {
            LOG.error("Rupture rules could not be evaluated for session {} of group {}", event.sessionId(), event.groupId(), e);
        }
    }
}
