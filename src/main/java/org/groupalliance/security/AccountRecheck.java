package org.groupalliance.security;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.groupalliance.base.UserId;
import org.groupalliance.security.internal.UserRepository;
import org.groupalliance.security.internal.UserRepository.AccountState;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Decides on every request whether a signed-in session still speaks for its account: the account
 * exists, is enabled, has the role the session signed in with, and its security stamp (incremented
 * by disabling, re-roling, moving site and every password reset or change) is the one the session
 * signed in with. The state is read from the database, so a change made on one app node ends the
 * sessions on every node; a tiny per-account cache ({@code groupalliance.security.recheck-millis},
 * default 1000 ms) spares the database a query per request. On the node where the change is made
 * the cache entry is dropped when the change commits, so there the effect is immediate.
 */
@Component
public class AccountRecheck {

    private record Cached(AccountState state, long loadedAtNanos) {
    }

    private final UserRepository users;
    private final long ttlNanos;
    private final ConcurrentMap<Long, Cached> cache = new ConcurrentHashMap<>();

    AccountRecheck(UserRepository users, @Value("${groupalliance.security.recheck-millis:1000}") long recheckMillis) {
        this.users = users;
        this.ttlNanos = Duration.ofMillis(Math.max(0, recheckMillis)).toNanos();
    }

    /** @return true when the session's principal still matches its account; the system actor always does */
    public boolean isCurrent(AppUserPrincipal principal) {
        if (principal.userId().isEmpty()) {
            return true;
        }
        long id = principal.userId().get().value();
        long now = System.nanoTime();
        Cached c = cache.get(id);
        if (c == null || now - c.loadedAtNanos() >= ttlNanos) {
            AccountState state = users.findState(new UserId(id)).orElse(null);
            if (state == null) {
                cache.remove(id);
                return false;
            }
            c = new Cached(state, now);
            if (cache.size() > 10_000) {
                cache.clear(); // bounded: never more entries than recent accounts
            }
            cache.put(id, c);
        }
        AccountState s = c.state();
        return s.enabled() && s.role() == principal.role() && s.securityStamp() == principal.securityStamp();
    }

    /** Drops the cached state of an account once the current transaction commits (or now, outside one). */
    void forgetAfterCommit(UserId id) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    cache.remove(id.value());
                }
            });
        } else {
            cache.remove(id.value());
        }
    }
}
