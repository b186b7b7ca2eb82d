package org.groupalliance.capture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.capture.internal.RatingRepository;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores checked ratings inside the caller's transaction: inserts new ones, replaces stored ones
 * only at the version the caller loaded (optimistic locking) and audits each with before and after
 * under the given actor. Callers check everything first, so a refusal here rolls back the whole save.
 */
@Component
class RatingWriter {

    /** A checked rating waiting to be stored; {@code version} is the stored rating's when replacing it, null when new. */
    record Pending(String key, Rating rating, Integer version, String label) {
    }

    private final RatingRepository ratings;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    RatingWriter(RatingRepository ratings, AuditLog audit, ApplicationEventPublisher events) {
        this.ratings = ratings;
        this.audit = audit;
        this.events = events;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    List<Rating> store(GroupSession session, List<Pending> pending, String actor) {
        try {
            return storeAll(session, pending, actor);
        } catch (Conflict c) {
            throw c.reason;
        }
    }

    /**
     * The ratings of several sheets of one session in one go (the same statements as one sheet,
     * issue #13); a conflict is refused naming its sheet's index in {@code sheets}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    List<Rating> storeSheets(GroupSession session, List<List<Pending>> sheets, String actor) {
        try {
            return storeAll(session, sheets.stream().flatMap(List::stream).toList(), actor);
        } catch (Conflict c) {
            for (int i = 0; i < sheets.size(); i++) {
                if (sheets.get(i).stream().anyMatch(p -> p == c.pending)) {
                    throw new SessionRecordingService.SheetRefused(i, c.reason);
                }
            }
            throw c.reason;
        }
    }

    /** A rating that was saved by someone else after the form was opened, and which form it was. */
    private static final class Conflict extends RuntimeException {
        final transient Pending pending;
        final ConcurrentEditException reason;

        Conflict(Pending pending, ConcurrentEditException reason) {
            super(reason.getMessage(), reason, false, false);
            this.pending = pending;
            this.reason = reason;
        }
    }

    private List<Rating> storeAll(GroupSession session, List<Pending> pending, String actor) {
        if (pending.stream().map(Pending::key).distinct().count() < pending.size()) {
            // a rating twice in one save: the later form must see the earlier one stored, so store them one by one
            return storeOneByOne(session, pending, actor);
        }
        // set-based: the stored ratings of all keys at once, version-checked updates one by one, new ratings and all answers and scores in
        // multi-row statements, and the stored ratings built from what was written (issue #13)
        Map<String, Rating> current = ratings.findByKeys(pending.stream().map(Pending::key).toList());
        List<Rating> before = new ArrayList<>();
        List<Boolean> write = new ArrayList<>();
        Map<String, Rating> inserts = new LinkedHashMap<>();
        Map<Long, Rating> updated = new LinkedHashMap<>();
        for (Pending p : pending) {
            Rating existing = current.get(p.key());
            if (existing != null && unchanged(existing, p)) {
                // nothing changed: no write, so provenance and entered_by stay and no audit entry is made
                before.add(existing);
                write.add(false);
                continue;
            }
            if (existing == null) {
                if (p.version() != null) {
                    throw new Conflict(p, new ConcurrentEditException("The rating of " + p.label()));
                }
                inserts.put(p.key(), p.rating());
            } else if (p.version() == null || !ratings.updateRating(existing.id(), p.version(), p.rating())) {
                // someone saved this rating after the form was opened: refuse, nothing of this save is kept
                throw new Conflict(p, new ConcurrentEditException("The " + p.rating().instrumentCode() + " rating of " + p.label()));
            } else {
                updated.put(existing.id(), p.rating());
            }
            before.add(existing);
            write.add(true);
        }
        Map<String, Long> ids = ratings.insertRatings(session.groupId(), inserts);
        ratings.deleteRows(updated.keySet());
        Map<Long, Rating> rows = new LinkedHashMap<>();
        inserts.forEach((key, r) -> rows.put(ids.get(key), r));
        rows.putAll(updated);
        ratings.insertRows(rows);

        List<Rating> stored = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            Rating existing = before.get(i);
            if (!write.get(i)) {
                stored.add(existing);
                continue;
            }
            Rating after = existing == null ? asStored(p.rating(), ids.get(p.key()), p.rating().source(), 0)
                    : asStored(p.rating(), existing.id(), existing.source(), p.version() + 1);
            audit.recordAs(actor, existing == null ? AuditAction.CREATE : AuditAction.UPDATE, "Rating", after.id(), session.groupId().value(),
                    p.rating().instrumentCode() + " of " + p.label() + " at session " + session.number(),
                    existing == null ? null : snapshot(existing), snapshot(after));
            stored.add(after);
        }
        published(session, stored);
        return stored;
    }

    /** One form after the other, each read, written and read back on its own (a save that names a rating twice). */
    private List<Rating> storeOneByOne(GroupSession session, List<Pending> pending, String actor) {
        List<Rating> stored = new ArrayList<>();
        for (Pending p : pending) {
            var existing = ratings.findByKey(p.key());
            if (existing.isPresent() && unchanged(existing.get(), p)) {
                stored.add(existing.get());
                continue;
            }
            if (existing.isEmpty()) {
                if (p.version() != null) {
                    throw new Conflict(p, new ConcurrentEditException("The rating of " + p.label()));
                }
                ratings.insert(session.groupId(), p.key(), p.rating());
            } else if (p.version() == null || !ratings.update(p.key(), p.version(), p.rating())) {
                throw new Conflict(p, new ConcurrentEditException("The " + p.rating().instrumentCode() + " rating of " + p.label()));
            }
            Rating after = ratings.findByKey(p.key()).orElseThrow();
            audit.recordAs(actor, existing.isEmpty() ? AuditAction.CREATE : AuditAction.UPDATE, "Rating", after.id(), session.groupId().value(),
                    p.rating().instrumentCode() + " of " + p.label() + " at session " + session.number(),
                    existing.map(RatingWriter::snapshot).orElse(null), snapshot(after));
            stored.add(after);
        }
        published(session, stored);
        return stored;
    }

    private void published(GroupSession session, List<Rating> stored) {
        if (!stored.isEmpty()) {
            // listeners (rupture alerts) run after commit: see RatingsStored
            events.publishEvent(new RatingsStored(session.groupId(), session.id(), session.number(),
                    stored.stream().map(Rating::instrumentCode).collect(java.util.stream.Collectors.toSet()),
                    stored.stream().map(Rating::raterKind).collect(java.util.stream.Collectors.toSet())));
        }
    }

    /**
     * The rating as it reads back once written: its id, source and version as stored; answers
     * missing or not applicable and scores that could not be computed read back as NaN.
     */
    static Rating asStored(Rating r, long id, Rating.Source source, int version) {
        List<Double> responses = r.responses().stream().map(v -> Double.isNaN(v) ? Double.NaN : v).toList();
        Map<String, Double> subscales = new LinkedHashMap<>();
        r.subscales().forEach((name, score) -> subscales.put(name, Double.isFinite(score) ? score : Double.NaN));
        return new Rating(id, r.sessionId(), r.instrumentCode(), r.instrumentVersion(), r.raterKind(), r.raterMember(), r.raterUser(), r.target(),
                responses, r.notApplicable(), Double.isFinite(r.total()) ? r.total() : Double.NaN, subscales, r.missingItems(), source,
                r.enteredBy(), version);
    }

    /** The stored version of the rating with this key, for a save that replaces whatever is there. */
    Integer currentVersion(String key) {
        return ratings.findByKey(key).map(Rating::version).orElse(null);
    }

    /** Same version as loaded, same instrument version, same answers (NaN equal to NaN) and the same items not applicable. */
    static boolean unchanged(Rating stored, Pending p) {
        Rating r = p.rating();
        if (p.version() == null || p.version() != stored.version() || r.instrumentVersion() != stored.instrumentVersion()
                || !r.notApplicable().equals(stored.notApplicable()) || r.responses().size() != stored.responses().size()) {
            return false;
        }
        for (int i = 0; i < r.responses().size(); i++) {
            if (Double.compare(r.responses().get(i), stored.responses().get(i)) != 0) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> snapshot(Rating r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instrument", r.instrumentCode() + " v" + r.instrumentVersion());
        m.put("responses", r.responses().stream().map(v -> v.isNaN() ? null : v).toList());
        if (!r.notApplicable().isEmpty()) {
            m.put("notApplicable", new java.util.TreeSet<>(r.notApplicable()));
        }
        m.put("total", Double.isNaN(r.total()) ? null : r.total());
        m.put("source", r.source().name());
        m.put("enteredBy", r.enteredBy());
        return m;
    }
}
