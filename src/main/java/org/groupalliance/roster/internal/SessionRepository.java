package org.groupalliance.roster.internal;

import static org.groupalliance.jooq.Tables.ATTENDANCE;
import static org.groupalliance.jooq.Tables.GROUP_SESSION;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.jooq.tables.records.GroupSessionRecord;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.Phase;
import org.groupalliance.roster.SessionData;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Sessions and their attendance sheet; attendance changes move the session's version on. */
@Repository
public class SessionRepository {

    /** A session row with the phase it was given (stored since V10). */
    public record Row(SessionId id, GroupId groupId, int version, SessionData data, Phase phase) {
    }

    private final DSLContext dsl;

    SessionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<Row> findByGroup(GroupId group) {
        return dsl.selectFrom(GROUP_SESSION).where(GROUP_SESSION.GROUP_ID.eq(group.value()))
                .orderBy(GROUP_SESSION.SESSION_NUMBER).fetch(SessionRepository::toRow);
    }

    public Optional<Row> findById(SessionId id) {
        return dsl.selectFrom(GROUP_SESSION).where(GROUP_SESSION.ID.eq(id.value())).fetchOptional().map(SessionRepository::toRow);
    }

    public boolean numberExists(GroupId group, int number, Optional<SessionId> except) {
        var condition = GROUP_SESSION.GROUP_ID.eq(group.value()).and(GROUP_SESSION.SESSION_NUMBER.eq(number));
        if (except.isPresent()) {
            condition = condition.and(GROUP_SESSION.ID.ne(except.get().value()));
        }
        return dsl.fetchExists(GROUP_SESSION, condition);
    }

    public Map<MemberId, AttendanceStatus> attendance(SessionId session) {
        Map<MemberId, AttendanceStatus> result = new LinkedHashMap<>();
        dsl.selectFrom(ATTENDANCE).where(ATTENDANCE.SESSION_ID.eq(session.value())).orderBy(ATTENDANCE.MEMBER_ID)
                .forEach(r -> result.put(new MemberId(r.getMemberId()), AttendanceStatus.valueOf(r.getStatus())));
        return result;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public SessionId insert(GroupId group, SessionData d, Phase phase) {
        return new SessionId(dsl.insertInto(GROUP_SESSION)
                .set(GROUP_SESSION.GROUP_ID, group.value())
                .set(GROUP_SESSION.PHASE, phase.name())
                .set(GROUP_SESSION.SESSION_NUMBER, d.sessionNumber())
                .set(GROUP_SESSION.SESSION_DATE, d.date())
                .set(GROUP_SESSION.NOTE, d.note())
                .set(GROUP_SESSION.VERSION, 0)
                .returningResult(GROUP_SESSION.ID).fetchOne(GROUP_SESSION.ID));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public boolean update(SessionId id, int expectedVersion, SessionData d, Phase phase) {
        return dsl.update(GROUP_SESSION)
                .set(GROUP_SESSION.SESSION_NUMBER, d.sessionNumber())
                .set(GROUP_SESSION.PHASE, phase.name())
                .set(GROUP_SESSION.SESSION_DATE, d.date())
                .set(GROUP_SESSION.NOTE, d.note())
                .set(GROUP_SESSION.VERSION, GROUP_SESSION.VERSION.plus(1))
                .where(GROUP_SESSION.ID.eq(id.value()).and(GROUP_SESSION.VERSION.eq(expectedVersion)))
                .execute() == 1;
    }

    /** Re-assigns a session's phase (after the leader confirmed new boundaries); moves its version on. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void updatePhase(SessionId id, Phase phase) {
        dsl.update(GROUP_SESSION).set(GROUP_SESSION.PHASE, phase.name()).set(GROUP_SESSION.VERSION, GROUP_SESSION.VERSION.plus(1))
                .where(GROUP_SESSION.ID.eq(id.value())).execute();
    }

    /** Replaces the attendance sheet if the session is still at {@code expectedVersion}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean replaceAttendance(SessionId id, int expectedVersion, Map<MemberId, AttendanceStatus> sheet) {
        int rows = dsl.update(GROUP_SESSION).set(GROUP_SESSION.VERSION, GROUP_SESSION.VERSION.plus(1))
                .where(GROUP_SESSION.ID.eq(id.value()).and(GROUP_SESSION.VERSION.eq(expectedVersion))).execute();
        if (rows != 1) {
            return false;
        }
        // Row by row on the primary key, never a range: a DELETE ... WHERE session_id = ? that finds
        // no rows locks the gap up to the next session's rows (InnoDB next-key locking), and two
        // leaders saving new sessions at once then deadlocked on each other's inserts
        // (ConcurrentSavesBrowserTest). The session row's version update above already serialises
        // writers of this session, so the plain read below sees what is stored.
        Map<Long, String> stored = dsl.select(ATTENDANCE.MEMBER_ID, ATTENDANCE.STATUS).from(ATTENDANCE)
                .where(ATTENDANCE.SESSION_ID.eq(id.value())).fetchMap(ATTENDANCE.MEMBER_ID, ATTENDANCE.STATUS);
        for (Long member : stored.keySet()) {
            if (!sheet.containsKey(new MemberId(member))) {
                dsl.deleteFrom(ATTENDANCE).where(ATTENDANCE.SESSION_ID.eq(id.value()).and(ATTENDANCE.MEMBER_ID.eq(member))).execute();
            }
        }
        sheet.forEach((member, status) -> {
            String was = stored.get(member.value());
            if (was == null) {
                dsl.insertInto(ATTENDANCE).set(ATTENDANCE.SESSION_ID, id.value()).set(ATTENDANCE.MEMBER_ID, member.value())
                        .set(ATTENDANCE.STATUS, status.name()).set(ATTENDANCE.VERSION, 0).execute();
            } else if (!was.equals(status.name())) {
                dsl.update(ATTENDANCE).set(ATTENDANCE.STATUS, status.name()).set(ATTENDANCE.VERSION, 0)
                        .where(ATTENDANCE.SESSION_ID.eq(id.value()).and(ATTENDANCE.MEMBER_ID.eq(member.value()))).execute();
            }
        });
        return true;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public boolean delete(SessionId id, int expectedVersion) {
        if (!dsl.fetchExists(GROUP_SESSION, GROUP_SESSION.ID.eq(id.value()).and(GROUP_SESSION.VERSION.eq(expectedVersion)))) {
            return false;
        }
        dsl.deleteFrom(ATTENDANCE).where(ATTENDANCE.SESSION_ID.eq(id.value())).execute();
        return dsl.deleteFrom(GROUP_SESSION).where(GROUP_SESSION.ID.eq(id.value()).and(GROUP_SESSION.VERSION.eq(expectedVersion))).execute() == 1;
    }

    private static Row toRow(GroupSessionRecord r) {
        return new Row(new SessionId(r.getId()), new GroupId(r.getGroupId()), r.getVersion(),
                new SessionData(r.getSessionNumber(), r.getSessionDate(), r.getNote()), Phase.valueOf(r.getPhase()));
    }
}
