package org.groupalliance.capture.internal;

import static org.groupalliance.jooq.Tables.MEMBER;
import static org.groupalliance.jooq.Tables.SELF_REPORT_PASS;
import static org.groupalliance.jooq.Tables.SELF_REPORT_WINDOW;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Self-report windows of sessions and the members' passes (hashed PINs and link tokens only). */
@Repository
public class SelfReportRepository {

    /** A window as stored; {@code closedAt} is null while the leader has not closed it. */
    public record Window(long id, SessionId sessionId, String accessKey, LocalDateTime expiresAt, LocalDateTime closedAt) {
        public boolean validAt(LocalDateTime now) {
            return closedAt == null && now.isBefore(expiresAt);
        }
    }

    /** A member's pass in a window, with the member's code. */
    public record Pass(long id, long windowId, MemberId member, String memberCode, String pinHash, int failedAttempts, LocalDateTime submittedAt) {
    }

    private final DSLContext dsl;

    SelfReportRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public long insertWindow(SessionId session, String accessKey, String openedBy, LocalDateTime openedAt, LocalDateTime expiresAt) {
        return dsl.insertInto(SELF_REPORT_WINDOW)
                .set(SELF_REPORT_WINDOW.SESSION_ID, session.value()).set(SELF_REPORT_WINDOW.ACCESS_KEY, accessKey)
                .set(SELF_REPORT_WINDOW.OPENED_BY, openedBy).set(SELF_REPORT_WINDOW.OPENED_AT, openedAt)
                .set(SELF_REPORT_WINDOW.EXPIRES_AT, expiresAt)
                .returningResult(SELF_REPORT_WINDOW.ID).fetchOne().value1();
    }

    /** @return how many windows were closed */
    @Transactional(propagation = Propagation.MANDATORY)
    public int closeOpenWindows(SessionId session, LocalDateTime now) {
        return dsl.update(SELF_REPORT_WINDOW).set(SELF_REPORT_WINDOW.CLOSED_AT, now)
                .where(SELF_REPORT_WINDOW.SESSION_ID.eq(session.value()).and(SELF_REPORT_WINDOW.CLOSED_AT.isNull())).execute();
    }

    public Optional<Window> findByKey(String accessKey) {
        return dsl.selectFrom(SELF_REPORT_WINDOW).where(SELF_REPORT_WINDOW.ACCESS_KEY.eq(accessKey)).fetchOptional(SelfReportRepository::toWindow);
    }

    public Optional<Window> findById(long id) {
        return dsl.selectFrom(SELF_REPORT_WINDOW).where(SELF_REPORT_WINDOW.ID.eq(id)).fetchOptional(SelfReportRepository::toWindow);
    }

    /** The session's newest window that the leader has not closed (it may have expired). */
    public Optional<Window> currentWindow(SessionId session) {
        return dsl.selectFrom(SELF_REPORT_WINDOW)
                .where(SELF_REPORT_WINDOW.SESSION_ID.eq(session.value()).and(SELF_REPORT_WINDOW.CLOSED_AT.isNull()))
                .orderBy(SELF_REPORT_WINDOW.ID.desc()).limit(1).fetchOptional(SelfReportRepository::toWindow);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void insertPass(long windowId, MemberId member, String pinHash, String linkHash) {
        dsl.insertInto(SELF_REPORT_PASS).set(SELF_REPORT_PASS.WINDOW_ID, windowId).set(SELF_REPORT_PASS.MEMBER_ID, member.value())
                .set(SELF_REPORT_PASS.PIN_HASH, pinHash).set(SELF_REPORT_PASS.LINK_HASH, linkHash).set(SELF_REPORT_PASS.FAILED_ATTEMPTS, 0)
                .execute();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public boolean deletePass(long windowId, MemberId member) {
        return dsl.deleteFrom(SELF_REPORT_PASS).where(SELF_REPORT_PASS.WINDOW_ID.eq(windowId).and(SELF_REPORT_PASS.MEMBER_ID.eq(member.value())))
                .execute() == 1;
    }

    public List<Pass> passes(long windowId) {
        return select().where(SELF_REPORT_PASS.WINDOW_ID.eq(windowId)).orderBy(MEMBER.MEMBER_CODE).fetch(SelfReportRepository::toPass);
    }

    public Optional<Pass> findPassByLink(String linkHash) {
        return select().where(SELF_REPORT_PASS.LINK_HASH.eq(linkHash)).fetchOptional(SelfReportRepository::toPass);
    }

    public Optional<Pass> findPassByCode(long windowId, String memberCode) {
        return select().where(SELF_REPORT_PASS.WINDOW_ID.eq(windowId).and(MEMBER.MEMBER_CODE.eq(memberCode))).fetchOptional(SelfReportRepository::toPass);
    }

    public Optional<Pass> findPass(long passId) {
        return select().where(SELF_REPORT_PASS.ID.eq(passId)).fetchOptional(SelfReportRepository::toPass);
    }

    /**
     * Takes one of a pass's {@code max} PIN attempts in one conditional UPDATE, which also locks the
     * row until the transaction ends: of many concurrent requests at most {@code max} ever get one.
     * @return the attempts used including this one, or empty when none was left (the pass is locked)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public java.util.OptionalInt takePinAttempt(long passId, int max) {
        int updated = dsl.update(SELF_REPORT_PASS).set(SELF_REPORT_PASS.FAILED_ATTEMPTS, SELF_REPORT_PASS.FAILED_ATTEMPTS.plus(1))
                .where(SELF_REPORT_PASS.ID.eq(passId).and(SELF_REPORT_PASS.FAILED_ATTEMPTS.lt(max))).execute();
        if (updated == 0) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of(dsl.select(SELF_REPORT_PASS.FAILED_ATTEMPTS).from(SELF_REPORT_PASS)
                .where(SELF_REPORT_PASS.ID.eq(passId)).fetchOne(SELF_REPORT_PASS.FAILED_ATTEMPTS));
    }

    /** Gives back the attempt taken by a request whose PIN was right: a success neither counts nor resets earlier failures. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void returnPinAttempt(long passId) {
        dsl.update(SELF_REPORT_PASS).set(SELF_REPORT_PASS.FAILED_ATTEMPTS, SELF_REPORT_PASS.FAILED_ATTEMPTS.minus(1))
                .where(SELF_REPORT_PASS.ID.eq(passId).and(SELF_REPORT_PASS.FAILED_ATTEMPTS.gt(0))).execute();
    }

    /** The same for the whole window: at most {@code max} PIN entries (right or wrong, known code or not) are checked at once or ever wrong. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean takeWindowAttempt(long windowId, int max) {
        return dsl.update(SELF_REPORT_WINDOW).set(SELF_REPORT_WINDOW.WRONG_PINS, SELF_REPORT_WINDOW.WRONG_PINS.plus(1))
                .where(SELF_REPORT_WINDOW.ID.eq(windowId).and(SELF_REPORT_WINDOW.WRONG_PINS.lt(max))).execute() == 1;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void returnWindowAttempt(long windowId) {
        dsl.update(SELF_REPORT_WINDOW).set(SELF_REPORT_WINDOW.WRONG_PINS, SELF_REPORT_WINDOW.WRONG_PINS.minus(1))
                .where(SELF_REPORT_WINDOW.ID.eq(windowId).and(SELF_REPORT_WINDOW.WRONG_PINS.gt(0))).execute();
    }

    /** Records the submission; the wrong-PIN count stays as it is (a success must not reset it). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markSubmitted(long passId, LocalDateTime at) {
        dsl.update(SELF_REPORT_PASS).set(SELF_REPORT_PASS.SUBMITTED_AT, at)
                .where(SELF_REPORT_PASS.ID.eq(passId)).execute();
    }

    private org.jooq.SelectOnConditionStep<Record> select() {
        return dsl.select(SELF_REPORT_PASS.asterisk(), MEMBER.MEMBER_CODE).from(SELF_REPORT_PASS).join(MEMBER).on(MEMBER.ID.eq(SELF_REPORT_PASS.MEMBER_ID));
    }

    private static Window toWindow(org.groupalliance.jooq.tables.records.SelfReportWindowRecord r) {
        return new Window(r.getId(), new SessionId(r.getSessionId()), r.getAccessKey(), r.getExpiresAt(), r.getClosedAt());
    }

    private static Pass toPass(Record r) {
        return new Pass(r.get(SELF_REPORT_PASS.ID), r.get(SELF_REPORT_PASS.WINDOW_ID), new MemberId(r.get(SELF_REPORT_PASS.MEMBER_ID)),
                r.get(MEMBER.MEMBER_CODE), r.get(SELF_REPORT_PASS.PIN_HASH), r.get(SELF_REPORT_PASS.FAILED_ATTEMPTS), r.get(SELF_REPORT_PASS.SUBMITTED_AT));
    }
}
