package org.groupalliance.security.internal;

import static org.groupalliance.jooq.Tables.ATTEMPT_THROTTLE;

import java.time.LocalDateTime;
import java.util.Optional;

import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Rows of {@code attempt_throttle}; {@link #lockRow} serialises concurrent failures of one key, on every app node. */
@Repository
public class ThrottleRepository {

    /** A counter as stored. */
    public record Row(int failures, LocalDateTime windowStart, LocalDateTime lockedUntil) {
    }

    private final DSLContext dsl;

    ThrottleRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<LocalDateTime> lockedUntil(String kind, String key) {
        return dsl.select(ATTEMPT_THROTTLE.LOCKED_UNTIL).from(ATTEMPT_THROTTLE)
                .where(ATTEMPT_THROTTLE.KIND.eq(kind).and(ATTEMPT_THROTTLE.THROTTLE_KEY.eq(key)))
                .fetchOptional(ATTEMPT_THROTTLE.LOCKED_UNTIL);
    }

    /** Makes sure the row exists and locks it until the transaction ends (SELECT ... FOR UPDATE). */
    @Transactional(propagation = Propagation.MANDATORY)
    public Row lockRow(String kind, String key, LocalDateTime now) {
        dsl.insertInto(ATTEMPT_THROTTLE).set(ATTEMPT_THROTTLE.KIND, kind).set(ATTEMPT_THROTTLE.THROTTLE_KEY, key)
                .set(ATTEMPT_THROTTLE.FAILURES, 0).set(ATTEMPT_THROTTLE.WINDOW_START, now)
                .onDuplicateKeyIgnore().execute();
        return dsl.select(ATTEMPT_THROTTLE.FAILURES, ATTEMPT_THROTTLE.WINDOW_START, ATTEMPT_THROTTLE.LOCKED_UNTIL).from(ATTEMPT_THROTTLE)
                .where(ATTEMPT_THROTTLE.KIND.eq(kind).and(ATTEMPT_THROTTLE.THROTTLE_KEY.eq(key)))
                .forUpdate().fetchOne(r -> new Row(r.value1(), r.value2(), r.value3()));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void update(String kind, String key, Row row) {
        dsl.update(ATTEMPT_THROTTLE).set(ATTEMPT_THROTTLE.FAILURES, row.failures()).set(ATTEMPT_THROTTLE.WINDOW_START, row.windowStart())
                .set(ATTEMPT_THROTTLE.LOCKED_UNTIL, row.lockedUntil())
                .where(ATTEMPT_THROTTLE.KIND.eq(kind).and(ATTEMPT_THROTTLE.THROTTLE_KEY.eq(key))).execute();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void delete(String kind, String key) {
        dsl.deleteFrom(ATTEMPT_THROTTLE).where(ATTEMPT_THROTTLE.KIND.eq(kind).and(ATTEMPT_THROTTLE.THROTTLE_KEY.eq(key))).execute();
    }

    /** Forgets counters whose window started before {@code before} and that hold no lock any more. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int purge(LocalDateTime before, LocalDateTime now) {
        return dsl.deleteFrom(ATTEMPT_THROTTLE).where(ATTEMPT_THROTTLE.WINDOW_START.lt(before)
                .and(ATTEMPT_THROTTLE.LOCKED_UNTIL.isNull().or(ATTEMPT_THROTTLE.LOCKED_UNTIL.lt(now)))).execute();
    }

    public long count() {
        return dsl.fetchCount(ATTEMPT_THROTTLE);
    }
}
