package org.groupalliance.insight.internal;

import static org.groupalliance.jooq.Tables.ATTENDANCE;
import static org.groupalliance.jooq.Tables.GROUP_SESSION;
import static org.groupalliance.jooq.Tables.RATING;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.base.SubgroupId;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * Read-only, set-based SQL for a group's insight page: every session rating of the group in one
 * query and every attended session of its members in another, instead of one query per session.
 * Access to the group is checked by the caller (the service) before anything here is read.
 */
@Repository
public class InsightRepository {

    /** What the insight page needs of a stored session rating: who rated whom, on which instrument, and its total (NaN = no score). */
    public record SessionRating(long id, SessionId sessionId, String instrumentCode, Rater raterKind, MemberId raterMember, RatingTarget target,
                                double total) {
    }

    private final DSLContext dsl;

    InsightRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Every rating of the group's sessions, per session (sessions in no particular order), each
     * session's ratings ordered by instrument code and id: the order of {@code RatingService.forSession}.
     */
    public Map<SessionId, List<SessionRating>> ratingsBySession(GroupId group) {
        Map<SessionId, List<SessionRating>> out = new HashMap<>();
        dsl.select(RATING.ID, RATING.SESSION_ID, RATING.INSTRUMENT_CODE, RATING.RATER_KIND, RATING.RATER_MEMBER_ID, RATING.TARGET_KIND,
                        RATING.TARGET_MEMBER_ID, RATING.TARGET_SUBGROUP_ID, RATING.TOTAL_SCORE)
                .from(RATING).where(RATING.GROUP_ID.eq(group.value()))
                .orderBy(RATING.SESSION_ID, RATING.INSTRUMENT_CODE, RATING.ID)
                .forEach(r -> {
                    SessionId session = new SessionId(r.value2());
                    RatingTarget target = new RatingTarget(RatingTarget.Kind.valueOf(r.value6()), r.value7() == null ? null : new MemberId(r.value7()),
                            r.value8() == null ? null : new SubgroupId(r.value8()));
                    out.computeIfAbsent(session, k -> new ArrayList<>()).add(new SessionRating(r.value1(), session, r.value3(),
                            Rater.valueOf(r.value4()), r.value5() == null ? null : new MemberId(r.value5()), target,
                            r.value9() == null ? Double.NaN : r.value9()));
                });
        return out;
    }

    /**
     * Per member, the number of the group's sessions at which attendance records them in the room
     * ({@link AttendanceStatus#attended()}: present, late or left early).
     */
    public Map<MemberId, Integer> sessionsAttended(GroupId group) {
        Map<MemberId, Integer> out = new LinkedHashMap<>();
        dsl.select(ATTENDANCE.MEMBER_ID, ATTENDANCE.STATUS, DSL.count()).from(ATTENDANCE).join(GROUP_SESSION).on(GROUP_SESSION.ID.eq(ATTENDANCE.SESSION_ID))
                .where(GROUP_SESSION.GROUP_ID.eq(group.value()))
                .groupBy(ATTENDANCE.MEMBER_ID, ATTENDANCE.STATUS).orderBy(ATTENDANCE.MEMBER_ID)
                .forEach(r -> {
                    if (AttendanceStatus.valueOf(r.value2()).attended()) {
                        out.merge(new MemberId(r.value1()), r.value3(), Integer::sum);
                    }
                });
        return out;
    }
}
