package org.groupalliance.capture.internal;

import static org.groupalliance.jooq.Tables.RATING;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.base.SubgroupId;
import org.groupalliance.base.Times;
import org.groupalliance.base.UserId;
import org.groupalliance.capture.Rating;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.jooq.tables.records.RatingRecord;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.ResponseText;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Ratings; responses and subscale scores are stored as compact text ({@link ResponseText}). */
@Repository
public class RatingRepository {

    private final DSLContext dsl;

    RatingRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<Rating> findBySession(SessionId session) {
        return dsl.selectFrom(RATING).where(RATING.SESSION_ID.eq(session.value())).orderBy(RATING.INSTRUMENT_CODE, RATING.ID).fetch(RatingRepository::toRating);
    }

    public Optional<Rating> findByKey(String key) {
        return dsl.selectFrom(RATING).where(RATING.RATING_KEY.eq(key)).fetchOptional().map(RatingRepository::toRating);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void insert(GroupId group, String key, Rating r) {
        var now = Times.nowUtc();
        dsl.insertInto(RATING)
                .set(RATING.GROUP_ID, group.value()).set(RATING.SESSION_ID, r.sessionId().value())
                .set(RATING.INSTRUMENT_CODE, r.instrumentCode()).set(RATING.INSTRUMENT_VERSION, r.instrumentVersion())
                .set(RATING.RATER_KIND, r.raterKind().name())
                .set(RATING.RATER_MEMBER_ID, r.raterMember() == null ? null : r.raterMember().value())
                .set(RATING.RATER_USER_ID, r.raterUser() == null ? null : r.raterUser().value())
                .set(RATING.TARGET_KIND, r.target().kind().name())
                .set(RATING.TARGET_MEMBER_ID, r.target().member() == null ? null : r.target().member().value())
                .set(RATING.TARGET_SUBGROUP_ID, r.target().subgroup() == null ? null : r.target().subgroup().value())
                .set(RATING.RATING_KEY, key)
                .set(RATING.RESPONSES, ResponseText.responses(r.responses())).set(RATING.TOTAL_SCORE, ResponseText.finite(r.total()))
                .set(RATING.SUBSCALE_SCORES, ResponseText.subscales(r.subscales())).set(RATING.MISSING_ITEMS, r.missingItems())
                .set(RATING.ENTERED_BY, r.enteredBy()).set(RATING.VERSION, 0).set(RATING.CREATED_AT, now).set(RATING.UPDATED_AT, now)
                .execute();
    }

    /** @return false when the stored rating moved on since {@code expectedVersion} */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean update(String key, int expectedVersion, Rating r) {
        return dsl.update(RATING)
                .set(RATING.INSTRUMENT_VERSION, r.instrumentVersion())
                .set(RATING.RESPONSES, ResponseText.responses(r.responses())).set(RATING.TOTAL_SCORE, ResponseText.finite(r.total()))
                .set(RATING.SUBSCALE_SCORES, ResponseText.subscales(r.subscales())).set(RATING.MISSING_ITEMS, r.missingItems())
                .set(RATING.ENTERED_BY, r.enteredBy()).set(RATING.UPDATED_AT, Times.nowUtc()).set(RATING.VERSION, RATING.VERSION.plus(1))
                .where(RATING.RATING_KEY.eq(key).and(RATING.VERSION.eq(expectedVersion)))
                .execute() == 1;
    }

    private static Rating toRating(RatingRecord r) {
        List<Double> responses = ResponseText.parseResponses(r.getResponses());
        Map<String, Double> subscales = ResponseText.parseSubscales(r.getSubscaleScores());
        RatingTarget target = new RatingTarget(RatingTarget.Kind.valueOf(r.getTargetKind()),
                r.getTargetMemberId() == null ? null : new MemberId(r.getTargetMemberId()),
                r.getTargetSubgroupId() == null ? null : new SubgroupId(r.getTargetSubgroupId()));
        return new Rating(r.getId(), new SessionId(r.getSessionId()), r.getInstrumentCode(), r.getInstrumentVersion(), Rater.valueOf(r.getRaterKind()),
                r.getRaterMemberId() == null ? null : new MemberId(r.getRaterMemberId()), r.getRaterUserId() == null ? null : new UserId(r.getRaterUserId()),
                target, responses, r.getTotalScore() == null ? Double.NaN : r.getTotalScore(), subscales, r.getMissingItems(), r.getEnteredBy(),
                r.getVersion());
    }
}
