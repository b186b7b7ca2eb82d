package org.groupalliance.capture.internal;

import static org.groupalliance.jooq.Tables.RATING;
import static org.groupalliance.jooq.Tables.RATING_ITEM;
import static org.groupalliance.jooq.Tables.RATING_SCORE;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ratings, with each item answer a {@code rating_item} row (answered, missing or not applicable)
 * and each subscale score a {@code rating_score} row (docs/data-model.md).
 */
@Repository
public class RatingRepository {

    /** The answer states of {@code rating_item.answer}. */
    static final String ANSWERED = "ANSWERED";
    static final String MISSING = "MISSING";
    static final String NOT_APPLICABLE = "NOT_APPLICABLE";
    /** Ratings per multi-row statement or IN list: a 12-item form's answers stay far below MariaDB's 65,535 placeholders. */
    private static final int CHUNK = 100;

    private final DSLContext dsl;
    private final java.time.Clock clock;

    RatingRepository(DSLContext dsl, java.time.Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public List<Rating> findBySession(SessionId session) {
        return find(RATING.SESSION_ID.eq(session.value()));
    }

    public Optional<Rating> findByKey(String key) {
        return find(RATING.RATING_KEY.eq(key)).stream().findFirst();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void insert(GroupId group, String key, Rating r) {
        LocalDateTime now = Times.nowUtc(clock);
        long id = dsl.insertInto(RATING)
                .set(RATING.GROUP_ID, group.value()).set(RATING.SESSION_ID, r.sessionId().value())
                .set(RATING.INSTRUMENT_CODE, r.instrumentCode()).set(RATING.INSTRUMENT_VERSION, r.instrumentVersion())
                .set(RATING.RATER_KIND, r.raterKind().name())
                .set(RATING.RATER_MEMBER_ID, r.raterMember() == null ? null : r.raterMember().value())
                .set(RATING.RATER_USER_ID, r.raterUser() == null ? null : r.raterUser().value())
                .set(RATING.TARGET_KIND, r.target().kind().name())
                .set(RATING.TARGET_MEMBER_ID, r.target().member() == null ? null : r.target().member().value())
                .set(RATING.TARGET_SUBGROUP_ID, r.target().subgroup() == null ? null : r.target().subgroup().value())
                .set(RATING.RATING_KEY, key)
                .set(RATING.TOTAL_SCORE, finite(r.total())).set(RATING.MISSING_ITEMS, r.missingItems())
                .set(RATING.SOURCE, r.source().name())
                .set(RATING.ENTERED_BY, r.enteredBy()).set(RATING.VERSION, 0).set(RATING.CREATED_AT, now).set(RATING.UPDATED_AT, now)
                .returningResult(RATING.ID).fetchOne(RATING.ID);
        insertRows(id, r);
    }

    /**
     * Replaces answers and scores; the rating's source stays as first stored.
     *
     * @return false when the stored rating moved on since {@code expectedVersion}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean update(String key, int expectedVersion, Rating r) {
        Long id = dsl.select(RATING.ID).from(RATING).where(RATING.RATING_KEY.eq(key).and(RATING.VERSION.eq(expectedVersion))).fetchOne(RATING.ID);
        if (id == null) {
            return false;
        }
        boolean updated = dsl.update(RATING)
                .set(RATING.INSTRUMENT_VERSION, r.instrumentVersion())
                .set(RATING.TOTAL_SCORE, finite(r.total())).set(RATING.MISSING_ITEMS, r.missingItems())
                .set(RATING.ENTERED_BY, r.enteredBy()).set(RATING.UPDATED_AT, Times.nowUtc(clock)).set(RATING.VERSION, RATING.VERSION.plus(1))
                .where(RATING.ID.eq(id).and(RATING.VERSION.eq(expectedVersion)))
                .execute() == 1;
        if (updated) {
            dsl.deleteFrom(RATING_ITEM).where(RATING_ITEM.RATING_ID.eq(id)).execute();
            dsl.deleteFrom(RATING_SCORE).where(RATING_SCORE.RATING_ID.eq(id)).execute();
            insertRows(id, r);
        }
        return updated;
    }

    /** The stored ratings with these keys, by key (three queries however many keys); keys with no rating are absent. */
    public Map<String, Rating> findByKeys(Collection<String> keys) {
        Map<String, Rating> byKey = new HashMap<>();
        for (List<String> chunk : chunks(List.copyOf(new java.util.LinkedHashSet<>(keys)))) {
            List<RatingRecord> records = dsl.selectFrom(RATING).where(RATING.RATING_KEY.in(chunk)).orderBy(RATING.INSTRUMENT_CODE, RATING.ID).fetch();
            List<Rating> found = toRatings(records);
            for (int i = 0; i < records.size(); i++) {
                byKey.put(records.get(i).getRatingKey(), found.get(i));
            }
        }
        return byKey;
    }

    /**
     * Inserts new ratings' rating rows (version 0) in multi-row inserts and returns their ids by key,
     * read back by the unique key; their answers and scores go in with {@link #insertRows(Map)}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<String, Long> insertRatings(GroupId group, Map<String, Rating> byKey) {
        Map<String, Long> ids = new HashMap<>();
        if (byKey.isEmpty()) {
            return ids;
        }
        LocalDateTime now = Times.nowUtc(clock);
        for (List<String> chunk : chunks(List.copyOf(byKey.keySet()))) {
            List<Object[]> rows = new ArrayList<>(chunk.size());
            for (String key : chunk) {
                Rating r = byKey.get(key);
                rows.add(new Object[] {group.value(), r.sessionId().value(), r.instrumentCode(), r.instrumentVersion(), r.raterKind().name(),
                        r.raterMember() == null ? null : r.raterMember().value(), r.raterUser() == null ? null : r.raterUser().value(),
                        r.target().kind().name(), r.target().member() == null ? null : r.target().member().value(),
                        r.target().subgroup() == null ? null : r.target().subgroup().value(), key, finite(r.total()), r.missingItems(),
                        r.source().name(), r.enteredBy(), 0, now, now});
            }
            insertValues(RATING, RATING_COLUMNS, rows);
            dsl.select(RATING.RATING_KEY, RATING.ID).from(RATING).where(RATING.RATING_KEY.in(chunk)).forEach(row -> ids.put(row.value1(), row.value2()));
        }
        return ids;
    }

    /**
     * Replaces the rating row of {@code id} if it is still at {@code expectedVersion} (its version
     * goes up by one; the source stays as first stored); its answers and scores are replaced with
     * {@link #deleteRows(Collection)} and {@link #insertRows(Map)}.
     *
     * @return false when the stored rating moved on since {@code expectedVersion}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean updateRating(long id, int expectedVersion, Rating r) {
        return dsl.update(RATING)
                .set(RATING.INSTRUMENT_VERSION, r.instrumentVersion())
                .set(RATING.TOTAL_SCORE, finite(r.total())).set(RATING.MISSING_ITEMS, r.missingItems())
                .set(RATING.ENTERED_BY, r.enteredBy()).set(RATING.UPDATED_AT, Times.nowUtc(clock)).set(RATING.VERSION, RATING.VERSION.plus(1))
                .where(RATING.ID.eq(id).and(RATING.VERSION.eq(expectedVersion)))
                .execute() == 1;
    }

    /** Deletes the answers and scores of these ratings (one statement per table). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void deleteRows(Collection<Long> ratingIds) {
        for (List<Long> chunk : chunks(List.copyOf(ratingIds))) {
            dsl.deleteFrom(RATING_ITEM).where(RATING_ITEM.RATING_ID.in(chunk)).execute();
            dsl.deleteFrom(RATING_SCORE).where(RATING_SCORE.RATING_ID.in(chunk)).execute();
        }
    }

    /** Inserts the answers and scores of these ratings by id, in multi-row inserts (one statement per table for up to 100 ratings). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void insertRows(Map<Long, Rating> byId) {
        for (List<Long> chunk : chunks(List.copyOf(byId.keySet()))) {
            List<Object[]> items = new ArrayList<>();
            List<Object[]> scores = new ArrayList<>();
            for (long id : chunk) {
                Rating r = byId.get(id);
                for (int i = 0; i < r.responses().size(); i++) {
                    double v = r.responses().get(i);
                    int number = i + 1;
                    items.add(new Object[] {id, number, r.notApplicable().contains(number) ? NOT_APPLICABLE : Double.isNaN(v) ? MISSING : ANSWERED,
                            Double.isNaN(v) ? null : v});
                }
                int position = 1;
                for (var e : r.subscales().entrySet()) {
                    scores.add(new Object[] {id, position++, e.getKey(), finite(e.getValue())});
                }
            }
            if (!items.isEmpty()) {
                insertValues(RATING_ITEM, ITEM_COLUMNS, items);
            }
            if (!scores.isEmpty()) {
                insertValues(RATING_SCORE, SCORE_COLUMNS, scores);
            }
        }
    }

    private static final List<Field<?>> RATING_COLUMNS = List.of(RATING.GROUP_ID, RATING.SESSION_ID, RATING.INSTRUMENT_CODE, RATING.INSTRUMENT_VERSION,
            RATING.RATER_KIND, RATING.RATER_MEMBER_ID, RATING.RATER_USER_ID, RATING.TARGET_KIND, RATING.TARGET_MEMBER_ID, RATING.TARGET_SUBGROUP_ID,
            RATING.RATING_KEY, RATING.TOTAL_SCORE, RATING.MISSING_ITEMS, RATING.SOURCE, RATING.ENTERED_BY, RATING.VERSION, RATING.CREATED_AT,
            RATING.UPDATED_AT);
    private static final List<Field<?>> ITEM_COLUMNS = List.of(RATING_ITEM.RATING_ID, RATING_ITEM.ITEM_NUMBER, RATING_ITEM.ANSWER, RATING_ITEM.ITEM_VALUE);
    private static final List<Field<?>> SCORE_COLUMNS = List.of(RATING_SCORE.RATING_ID, RATING_SCORE.SCALE_POSITION, RATING_SCORE.SCALE_NAME,
            RATING_SCORE.SCORE);
    /** Rendered multi-row inserts by table and row count (a few dozen shapes in practice; dropped all at once past this many). */
    private static final int RENDERED_MAX = 256;
    /**
     * Inserts of more rows are rendered each time, not cached: a sheet's item insert can run to
     * thousands of rows (about 20 bytes of SQL each), and such rare shapes would fill the cache with
     * megabytes of text (as in the audit repository's cache).
     */
    private static final int CACHED_UP_TO = 600;
    private final java.util.concurrent.ConcurrentHashMap<String, String> rendered = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One multi-row insert of {@code rows} (values in {@code columns}' order), its SQL rendered by
     * jOOQ once per table and row count and then only bound: building and rendering the insert's
     * query tree for every save was the largest part of a sheet save's CPU after the lookups
     * (issue #13, JFR of the load benchmark).
     */
    private void insertValues(Table<?> table, List<Field<?>> columns, List<Object[]> rows) {
        String key = table.getName() + "/" + rows.size();
        String sql = rows.size() > CACHED_UP_TO ? renderInsert(table, columns, rows.size()) : rendered.get(key);
        if (sql == null) {
            sql = renderInsert(table, columns, rows.size());
            if (rendered.size() >= RENDERED_MAX) {
                rendered.clear();
            }
            rendered.put(key, sql);
        }
        Object[] binds = new Object[rows.size() * columns.size()];
        int at = 0;
        for (Object[] row : rows) {
            for (int c = 0; c < columns.size(); c++) {
                binds[at++] = typed(columns.get(c), row[c]);
            }
        }
        dsl.query(sql, binds).execute();
    }

    private <R extends org.jooq.Record> String renderInsert(Table<R> table, List<Field<?>> columns, int rows) {
        List<Field<?>> placeholders = columns.stream().<Field<?>>map(c -> DSL.val(null, c.getDataType())).toList();
        org.jooq.InsertValuesStepN<R> values = dsl.insertInto(table, columns).values(placeholders);
        for (int i = 1; i < rows; i++) {
            values = values.values(placeholders);
        }
        return values.getSQL();
    }

    private static <T> org.jooq.Param<T> typed(Field<T> column, Object value) {
        return DSL.val(column.getDataType().convert(value), column.getDataType());
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }

    private void insertRows(long id, Rating r) {
        var items = dsl.insertInto(RATING_ITEM, RATING_ITEM.RATING_ID, RATING_ITEM.ITEM_NUMBER, RATING_ITEM.ANSWER, RATING_ITEM.ITEM_VALUE);
        for (int i = 0; i < r.responses().size(); i++) {
            double v = r.responses().get(i);
            int number = i + 1;
            items = items.values(id, number, r.notApplicable().contains(number) ? NOT_APPLICABLE : Double.isNaN(v) ? MISSING : ANSWERED,
                    Double.isNaN(v) ? null : v);
        }
        items.execute();
        if (!r.subscales().isEmpty()) {
            var scores = dsl.insertInto(RATING_SCORE, RATING_SCORE.RATING_ID, RATING_SCORE.SCALE_POSITION, RATING_SCORE.SCALE_NAME, RATING_SCORE.SCORE);
            int position = 1;
            for (var e : r.subscales().entrySet()) {
                scores = scores.values(id, position++, e.getKey(), finite(e.getValue()));
            }
            scores.execute();
        }
    }

    private List<Rating> find(Condition condition) {
        return toRatings(dsl.selectFrom(RATING).where(condition).orderBy(RATING.INSTRUMENT_CODE, RATING.ID).fetch());
    }

    /** The ratings of these rows, in their order, with their answers and scores (two more queries). */
    private List<Rating> toRatings(List<RatingRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        List<Long> ids = records.stream().map(RatingRecord::getId).toList();
        Map<Long, List<Double>> responses = new HashMap<>();
        Map<Long, Set<Integer>> notApplicable = new HashMap<>();
        dsl.selectFrom(RATING_ITEM).where(RATING_ITEM.RATING_ID.in(ids)).orderBy(RATING_ITEM.RATING_ID, RATING_ITEM.ITEM_NUMBER).forEach(i -> {
            responses.computeIfAbsent(i.getRatingId(), k -> new ArrayList<>()).add(i.getItemValue() == null ? Double.NaN : i.getItemValue());
            if (NOT_APPLICABLE.equals(i.getAnswer())) {
                notApplicable.computeIfAbsent(i.getRatingId(), k -> new HashSet<>()).add(i.getItemNumber());
            }
        });
        Map<Long, Map<String, Double>> subscales = new HashMap<>();
        dsl.selectFrom(RATING_SCORE).where(RATING_SCORE.RATING_ID.in(ids)).orderBy(RATING_SCORE.RATING_ID, RATING_SCORE.SCALE_POSITION)
                .forEach(s -> subscales.computeIfAbsent(s.getRatingId(), k -> new LinkedHashMap<>())
                        .put(s.getScaleName(), s.getScore() == null ? Double.NaN : s.getScore()));
        return records.stream().map(r -> toRating(r, responses.getOrDefault(r.getId(), List.of()), notApplicable.getOrDefault(r.getId(), Set.of()),
                subscales.getOrDefault(r.getId(), Map.of()))).toList();
    }

    private static Rating toRating(RatingRecord r, List<Double> responses, Set<Integer> notApplicable, Map<String, Double> subscales) {
        RatingTarget target = new RatingTarget(RatingTarget.Kind.valueOf(r.getTargetKind()),
                r.getTargetMemberId() == null ? null : new MemberId(r.getTargetMemberId()),
                r.getTargetSubgroupId() == null ? null : new SubgroupId(r.getTargetSubgroupId()));
        return new Rating(r.getId(), new SessionId(r.getSessionId()), r.getInstrumentCode(), r.getInstrumentVersion(), Rater.valueOf(r.getRaterKind()),
                r.getRaterMemberId() == null ? null : new MemberId(r.getRaterMemberId()), r.getRaterUserId() == null ? null : new UserId(r.getRaterUserId()),
                target, responses, notApplicable, r.getTotalScore() == null ? Double.NaN : r.getTotalScore(), subscales, r.getMissingItems(),
                Rating.Source.valueOf(r.getSource()), r.getEnteredBy(), r.getVersion());
    }

    /** Null for a score that could not be computed (stored as SQL NULL). */
    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
