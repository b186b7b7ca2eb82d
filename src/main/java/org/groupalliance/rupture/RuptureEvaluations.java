package org.groupalliance.rupture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.groupalliance.base.GroupId;
import org.groupalliance.security.SystemActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the rupture rules in the background after ratings were saved (issue 13): a save hands the
 * group and the earliest session it stored to {@link #request} and returns; one or two dedicated
 * worker threads ({@code groupalliance.rupture.evaluation-threads}, default 2) evaluate it.
 *
 * <p>Why not in the saver's thread: after its commit the saving thread still holds its pool
 * connection until Spring's clean-up, so an evaluation there needs a second connection per save,
 * and as many concurrent saves as the pool has connections wait for each other until they time out
 * (30 s). Here a save never waits for anything, and evaluation uses at most as many connections as
 * there are workers.
 *
 * <p>The queue is the set of groups waiting, one entry per group: a request for a group already
 * waiting merges into it (the earliest session wins, so a correction of an earlier session still
 * re-evaluates the later ones), so the queue is bounded by the number of groups and fifty saves of a
 * group while it waits are one evaluation. One group is never evaluated by two workers at once; a
 * request that arrives while its group is being evaluated waits for that evaluation and runs after
 * it. Each evaluation runs in its own transaction as the audited system actor (set and cleared per
 * evaluation on the worker). A transient failure (no pool connection in time, a lock wait or
 * deadlock) is tried again up to three times; any failure is logged and never undoes the save, and
 * the group's next save evaluates again.
 *
 * <p>Latency: an alert appears within about the time of one evaluation after the save (tens of
 * milliseconds on an idle server, a few seconds under a burst of saves of many groups), so a leader
 * who saves and at once opens the home page may see it only at the next page load.
 *
 * <p>On shutdown (context close) the workers finish every waiting group before the datasource is
 * closed (up to {@code groupalliance.rupture.drain-seconds}, default 30). {@link #awaitIdle} lets a
 * test (or an operation) wait until nothing is waiting or running.
 */
@Component
public class RuptureEvaluations implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(RuptureEvaluations.class);

    private final RuptureEvaluation evaluation;
    private final AlertMailer mailer;
    private final TransactionTemplate newTransaction;
    private final SecurityContextHolderStrategy security;
    private final long drainMillis;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Groups waiting, in arrival order, with the earliest session to evaluate from. */
    private final Map<GroupId, Integer> waiting = new LinkedHashMap<>();
    private final Set<GroupId> running = new HashSet<>();
    private final List<Thread> workers = new ArrayList<>();
    /** Transient failures in a row per group (touched by the worker evaluating the group only). */
    private final Map<GroupId, Integer> retries = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int RETRIES = 3;
    private boolean closing;

    RuptureEvaluations(RuptureEvaluation evaluation, AlertMailer mailer, PlatformTransactionManager transactions,
                       ObjectProvider<SecurityContextHolderStrategy> security,
                       @Value("${groupalliance.rupture.evaluation-threads:2}") int threads,
                       @Value("${groupalliance.rupture.drain-seconds:30}") int drainSeconds) {
        if (threads < 1 || threads > 4) {
            throw new IllegalArgumentException("groupalliance.rupture.evaluation-threads must be 1 to 4, was " + threads);
        }
        this.evaluation = evaluation;
        this.mailer = mailer;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.security = security.getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
        this.drainMillis = drainSeconds * 1000L;
        for (int i = 1; i <= threads; i++) {
            Thread t = Thread.ofPlatform().name("rupture-evaluation-" + i).daemon(true).unstarted(this::work);
            workers.add(t);
            t.start();
        }
    }

    /** Asks for the group's sessions from {@code fromSession} on to be evaluated; returns at once. */
    void request(GroupId group, int fromSession) {
        lock.lock();
        try {
            if (closing && workers.stream().noneMatch(Thread::isAlive)) {
                LOG.warn("Rupture rules not evaluated from session {} of group {}: the application is shutting down", fromSession, group);
                return;
            }
            waiting.merge(group, fromSession, Math::min);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no evaluation is waiting or running, at most {@code timeout}; true if quiet.
     * A save whose transaction has committed has made its request already, so after this returns
     * true its alerts are stored.
     */
    public boolean awaitIdle(Duration timeout) {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (!waiting.isEmpty() || !running.isEmpty()) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (true) {
            GroupId group;
            int from;
            lock.lock();
            try {
                Map.Entry<GroupId, Integer> next;
                while ((next = nextFree()) == null) {
                    if (closing && waiting.isEmpty()) {
                        return;
                    }
                    changed.await();
                }
                group = next.getKey();
                from = next.getValue();
                waiting.remove(group);
                running.add(group);
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                evaluate(group, from);
            } finally {
                lock.lock();
                try {
                    running.remove(group);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** The first waiting group that no other worker is evaluating. */
    private Map.Entry<GroupId, Integer> nextFree() {
        for (Iterator<Map.Entry<GroupId, Integer>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<GroupId, Integer> e = it.next();
            if (!running.contains(e.getKey())) {
                return Map.entry(e.getKey(), e.getValue());
            }
        }
        return null;
    }

    private void evaluate(GroupId group, int from) {
        try {
            List<Alert> created = SystemActor.call(security, () -> newTransaction.execute(status -> evaluation.evaluateFrom(group, from)));
            retries.remove(group);
            if (created.stream().anyMatch(a -> a.fromMember() && a.rule().memberLevel())) {
                mailer.notifyLeaders(group);
            }
        } catch (CannotCreateTransactionException | TransientDataAccessException e) {
            // no connection within the pool's timeout, a lock wait or deadlock: try again, at most RETRIES times
            int attempt = retries.merge(group, 1, Integer::sum);
            if (attempt <= RETRIES) {
                LOG.warn("Rupture rules for group {} from session {}: {}; trying again ({} of {})", group, from, e.getMessage(), attempt, RETRIES);
                request(group, from);
            } else {
                retries.remove(group);
                LOG.error("Rupture rules could not be evaluated from session {} of group {}", from, group, e);
            }
        } catch (RuntimeException e) {
            retries.remove(group);
            LOG.error("Rupture rules could not be evaluated from session {} of group {}", from, group, e);
        }
    }

    /** Context close: lets the workers finish every waiting group, then stops them. */
    @Override
    public void destroy() throws InterruptedException {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis);
        for (Thread t : workers) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left > 0) {
                t.join(left);
            }
        }
        lock.lock();
        try {
            if (!waiting.isEmpty() || !running.isEmpty()) {
                LOG.warn("Shutdown: rupture rules not evaluated for groups {} (their next save evaluates again)", waiting.keySet());
            }
            workers.forEach(Thread::interrupt);
        } finally {
            lock.unlock();
        }
    }
}
