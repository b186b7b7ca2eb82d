package org.groupalliance.outcome.internal;

import static org.groupalliance.jooq.Tables.OUTCOME_ITEM;
import static org.groupalliance.jooq.Tables.OUTCOME_RATING;
import static org.groupalliance.jooq.Tables.OUTCOME_SCORE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.Times;
import org.groupalliance.jooq.tables.records.OutcomeRatingRecord;
import org.groupalliance.outcome.OutcomeRating;
import org.groupalliance.outcome.Timepoint;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Outcome forms at baseline, post and follow-ups; one per member, instrument and timepoint. Each
 * item answer is an {@code outcome_item} row, each subscale score an {@code outcome_score} row
 * (docs/data-model.md).
 */
@Repository
public class OutcomeRepository {

    private final DSLContext dsl;
    private final java.time.Clock clock;

    OutcomeRepository(DSLContext dsl, java.time.Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public List<OutcomeRating> findByGroup(GroupId group) {
        return find(OUTCOME_RATING.GROUP_ID.eq(group.value()));
    }

    public Optional<OutcomeRating> find(MemberId member, String code, Timepoint tp) {
        return find(key(member, code, tp)).stream().findFirst();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void insert(GroupId group, OutcomeRating r) {
        var now = Times.nowUtc(clock);
        long id = dsl.insertInto(OUTCOME_RATING)
                .set(OUTCOME_RATING.GROUP_ID, group.value()).set(OUTCOME_RATING.MEMBER_ID, r.member().value())
                .set(OUTCOME_RATING.INSTRUMENT_CODE, r.instrumentCode()).set(OUTCOME_RATING.INSTRUMENT_VERSION, r.instrumentVersion())
                .set(OUTCOME_RATING.TIMEPOINT, r.timepoint().kind().name()).set(OUTCOME_RATING.FOLLOW_UP_WEEK, r.timepoint().week())
                .set(OUTCOME_RATING.TOTAL_SCORE, finite(r.total())).set(OUTCOME_RATING.MISSING_ITEMS, r.missingItems())
                .set(OUTCOME_RATING.ENTERED_BY, r.enteredBy()).set(OUTCOME_RATING.VERSION, 0)
                .set(OUTCOME_RATING.CREATED_AT, now).set(OUTCOME_RATING.UPDATED_AT, now)
                .returningResult(OUTCOME_RATING.ID).fetchOne(OUTCOME_RATING.ID);
        insertRows(id, r);
    }

    /** @return false when the stored form moved on since {@code expectedVersion} */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean update(int expectedVersion, OutcomeRating r) {
        Long id = dsl.select(OUTCOME_RATING.ID).from(OUTCOME_RATING)
                .where(key(r.member(), r.instrumentCode(), r.timepoint()).and(OUTCOME_RATING.VERSION.eq(expectedVersion))).fetchOne(OUTCOME_RATING.ID);
        if (id == null) {
            return false;
        }
        boolean updated = dsl.update(OUTCOME_RATING)
                .set(OUTCOME_RATING.INSTRUMENT_VERSION, r.instrumentVersion())
                .set(OUTCOME_RATING.TOTAL_SCORE, finite(r.total())).set(OUTCOME_RATING.MISSING_ITEMS, r.missingItems())
                .set(OUTCOME_RATING.ENTERED_BY, r.enteredBy()).set(OUTCOME_RATING.UPDATED_AT, Times.nowUtc(clock))
                .set(OUTCOME_RATING.VERSION, OUTCOME_RATING.VERSION.plus(1))
                .where(OUTCOME_RATING.ID.eq(id).and(OUTCOME_RATING.VERSION.eq(expectedVersion)))
                .execute() == 1;
        if (updated) {
            dsl.deleteFrom(OUTCOME_ITEM).where(OUTCOME_ITEM.OUTCOME_RATING_ID.eq(id)).execute();
            dsl.deleteFrom(OUTCOME_SCORE).where(OUTCOME_SCORE.OUTCOME_RATING_ID.eq(id)).execute();
            insertRows(id, r);
        }
        return updated;
    }

    private void insertRows(long id, OutcomeRating r) {
        var items = dsl.insertInto(OUTCOME_ITEM, OUTCOME_ITEM.OUTCOME_RATING_ID, OUTCOME_ITEM.ITEM_NUMBER, OUTCOME_ITEM.ANSWER, OUTCOME_ITEM.ITEM_VALUE);
        for (int i = 0; i < r.responses().size(); i++) {
            double v = r.responses().get(i);
            items = items.values(id, i + 1, Double.isNaN(v) ? "MISSING" : "ANSWERED", Double.isNaN(v) ? null : v);
        }
        items.execute();
        if (!r.subscales().isEmpty()) {
            var scores = dsl.insertInto(OUTCOME_SCORE, OUTCOME_SCORE.OUTCOME_RATING_ID, OUTCOME_SCORE.SCALE_POSITION, OUTCOME_SCORE.SCALE_NAME,
                    OUTCOME_SCORE.SCORE);
            int position = 1;
            for (var e : r.subscales().entrySet()) {
                scores = scores.values(id, position++, e.getKey(), finite(e.getValue()));
            }
            scores.execute();
        }
    }

    private List<OutcomeRating> find(Condition condition) {
        List<OutcomeRatingRecord> records = dsl.selectFrom(OUTCOME_RATING).where(condition)
                .orderBy(OUTCOME_RATING.INSTRUMENT_CODE, OUTCOME_RATING.MEMBER_ID, OUTCOME_RATING.ID).fetch();
        if (records.isEmpty()) {
            return List.of();
        }
        List<Long> ids = records.stream().map(OutcomeRatingRecord::getId).toList();
        Map<Long, List<Double>> responses = new HashMap<>();
        dsl.selectFrom(OUTCOME_ITEM).where(OUTCOME_ITEM.OUTCOME_RATING_ID.in(ids)).orderBy(OUTCOME_ITEM.OUTCOME_RATING_ID, OUTCOME_ITEM.ITEM_NUMBER)
                .forEach(i -> responses.computeIfAbsent(i.getOutcomeRatingId(), k -> new ArrayList<>())
                        .add(i.getItemValue() == null ? Double.NaN : i.getItemValue()));
        Map<Long, Map<String, Double>> subscales = new HashMap<>();
        dsl.selectFrom(OUTCOME_SCORE).where(OUTCOME_SCORE.OUTCOME_RATING_ID.in(ids))
                .orderBy(OUTCOME_SCORE.OUTCOME_RATING_ID, OUTCOME_SCORE.SCALE_POSITION)
                .forEach(s -> subscales.computeIfAbsent(s.getOutcomeRatingId(), k -> new LinkedHashMap<>())
                        .put(s.getScaleName(), s.getScore() == null ? Double.NaN : s.getScore()));
        return records.stream().map(r -> new OutcomeRating(r.getId(), new MemberId(r.getMemberId()), r.getInstrumentCode(), r.getInstrumentVersion(),
                new Timepoint(Timepoint.Kind.valueOf(r.getTimepoint()), r.getFollowUpWeek()), responses.getOrDefault(r.getId(), List.of()),
                r.getTotalScore() == null ? Double.NaN : r.getTotalScore(), subscales.getOrDefault(r.getId(), Map.of()),
                r.getMissingItems(), r.getEnteredBy(), r.getVersion())).toList();
    }

    private static Condition key(MemberId member, String code, Timepoint tp) {
        return OUTCOME_RATING.MEMBER_ID.eq(member.value()).and(OUTCOME_RATING.INSTRUMENT_CODE.eq(code))
                .and(OUTCOME_RATING.TIMEPOINT.eq(tp.kind().name())).and(OUTCOME_RATING.FOLLOW_UP_WEEK.eq(tp.week()));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
