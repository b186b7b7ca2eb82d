package org.groupalliance.outcome.internal;

import static org.groupalliance.jooq.Tables.OUTCOME_RATING;

import java.util.List;
import java.util.Optional;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.Times;
import org.groupalliance.jooq.tables.records.OutcomeRatingRecord;
import org.groupalliance.measure.ResponseText;
import org.groupalliance.outcome.OutcomeRating;
import org.groupalliance.outcome.Timepoint;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Outcome forms at baseline, post and follow-ups; one per member, instrument and timepoint. */
@Repository
public class OutcomeRepository {

    private final DSLContext dsl;

    OutcomeRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<OutcomeRating> findByGroup(GroupId group) {
        return dsl.selectFrom(OUTCOME_RATING).where(OUTCOME_RATING.GROUP_ID.eq(group.value()))
                .orderBy(OUTCOME_RATING.INSTRUMENT_CODE, OUTCOME_RATING.MEMBER_ID, OUTCOME_RATING.ID).fetch(OutcomeRepository::toRating);
    }

    public Optional<OutcomeRating> find(MemberId member, String code, Timepoint tp) {
        return dsl.selectFrom(OUTCOME_RATING).where(key(member, code, tp)).fetchOptional().map(OutcomeRepository::toRating);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void insert(GroupId group, OutcomeRating r) {
        var now = Times.nowUtc();
        dsl.insertInto(OUTCOME_RATING)
                .set(OUTCOME_RATING.GROUP_ID, group.value()).set(OUTCOME_RATING.MEMBER_ID, r.member().value())
                .set(OUTCOME_RATING.INSTRUMENT_CODE, r.instrumentCode()).set(OUTCOME_RATING.INSTRUMENT_VERSION, r.instrumentVersion())
                .set(OUTCOME_RATING.TIMEPOINT, r.timepoint().kind().name()).set(OUTCOME_RATING.FOLLOW_UP_WEEK, r.timepoint().week())
                .set(OUTCOME_RATING.RESPONSES, ResponseText.responses(r.responses())).set(OUTCOME_RATING.TOTAL_SCORE, ResponseText.finite(r.total()))
                .set(OUTCOME_RATING.SUBSCALE_SCORES, ResponseText.subscales(r.subscales())).set(OUTCOME_RATING.MISSING_ITEMS, r.missingItems())
                .set(OUTCOME_RATING.ENTERED_BY, r.enteredBy()).set(OUTCOME_RATING.VERSION, 0)
                .set(OUTCOME_RATING.CREATED_AT, now).set(OUTCOME_RATING.UPDATED_AT, now)
                .execute();
    }

    /** @return false when the stored form moved on since {@code expectedVersion} */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean update(int expectedVersion, OutcomeRating r) {
        return dsl.update(OUTCOME_RATING)
                .set(OUTCOME_RATING.INSTRUMENT_VERSION, r.instrumentVersion())
                .set(OUTCOME_RATING.RESPONSES, ResponseText.responses(r.responses())).set(OUTCOME_RATING.TOTAL_SCORE, ResponseText.finite(r.total()))
                .set(OUTCOME_RATING.SUBSCALE_SCORES, ResponseText.subscales(r.subscales())).set(OUTCOME_RATING.MISSING_ITEMS, r.missingItems())
                .set(OUTCOME_RATING.ENTERED_BY, r.enteredBy()).set(OUTCOME_RATING.UPDATED_AT, Times.nowUtc())
                .set(OUTCOME_RATING.VERSION, OUTCOME_RATING.VERSION.plus(1))
                .where(key(r.member(), r.instrumentCode(), r.timepoint()).and(OUTCOME_RATING.VERSION.eq(expectedVersion)))
                .execute() == 1;
    }

    private static Condition key(MemberId member, String code, Timepoint tp) {
        return OUTCOME_RATING.MEMBER_ID.eq(member.value()).and(OUTCOME_RATING.INSTRUMENT_CODE.eq(code))
                .and(OUTCOME_RATING.TIMEPOINT.eq(tp.kind().name())).and(OUTCOME_RATING.FOLLOW_UP_WEEK.eq(tp.week()));
    }

    private static OutcomeRating toRating(OutcomeRatingRecord r) {
        return new OutcomeRating(r.getId(), new MemberId(r.getMemberId()), r.getInstrumentCode(), r.getInstrumentVersion(),
                new Timepoint(Timepoint.Kind.valueOf(r.getTimepoint()), r.getFollowUpWeek()), ResponseText.parseResponses(r.getResponses()),
                r.getTotalScore() == null ? Double.NaN : r.getTotalScore(), ResponseText.parseSubscales(r.getSubscaleScores()),
                r.getMissingItems(), r.getEnteredBy(), r.getVersion());
    }
}
