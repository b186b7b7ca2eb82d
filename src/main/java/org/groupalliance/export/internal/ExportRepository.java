package org.groupalliance.export.internal;

import static org.groupalliance.jooq.Tables.APP_USER;
import static org.groupalliance.jooq.Tables.ATTENDANCE;
import static org.groupalliance.jooq.Tables.GROUP_LEADER;
import static org.groupalliance.jooq.Tables.GROUP_SESSION;
import static org.groupalliance.jooq.Tables.MEMBER;
import static org.groupalliance.jooq.Tables.OUTCOME_ITEM;
import static org.groupalliance.jooq.Tables.OUTCOME_RATING;
import static org.groupalliance.jooq.Tables.RATING;
import static org.groupalliance.jooq.Tables.RATING_ITEM;
import static org.groupalliance.jooq.Tables.RATING_SCORE;
import static org.groupalliance.jooq.Tables.RUPTURE_ALERT;
import static org.groupalliance.jooq.Tables.RUPTURE_RECORD;
import static org.groupalliance.jooq.Tables.RUPTURE_STEP;
import static org.groupalliance.jooq.Tables.SITE;
import static org.groupalliance.jooq.Tables.SUBGROUP;
import static org.groupalliance.jooq.Tables.SUBGROUP_MEMBER;
import static org.groupalliance.jooq.Tables.THERAPY_GROUP;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.groupalliance.export.ExportData.GroupRow;
import org.groupalliance.export.ExportData.MemberRow;
import org.groupalliance.export.ExportData.OutcomeRow;
import org.groupalliance.export.ExportData.RatingRow;
import org.groupalliance.export.ExportData.RuptureRow;
import org.groupalliance.export.ExportData.SessionRow;
import org.groupalliance.export.ExportData.SubgroupSpan;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * The export's read model: explicit, read-only SQL over the roster, rating and outcome tables
 * (docs/decisions/0009-export-read-model.md). Which groups a user may export is decided here, in
 * SQL ({@link #groupIdsFor}); every other query takes that set of group ids.
 */
@Repository
public class ExportRepository {

    private final DSLContext dsl;

    ExportRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * The groups a user may export: all (admin), the groups of the user's site (researcher; none
     * without a site), the groups the user leads (facilitator). Others get none.
     */
    public List<Long> groupIdsFor(String role, Long userId, Long siteId) {
        Condition who = switch (role) {
            case "ADMIN" -> DSL.trueCondition();
            case "RESEARCHER" -> siteId == null ? DSL.falseCondition() : THERAPY_GROUP.SITE_ID.eq(siteId);
            case "FACILITATOR" -> userId == null ? DSL.falseCondition()
                    : THERAPY_GROUP.ID.in(DSL.select(GROUP_LEADER.GROUP_ID).from(GROUP_LEADER).where(GROUP_LEADER.USER_ID.eq(userId)));
            default -> DSL.falseCondition();
        };
        return dsl.select(THERAPY_GROUP.ID).from(THERAPY_GROUP).where(who).orderBy(THERAPY_GROUP.ID).fetch(THERAPY_GROUP.ID);
    }

    /** The site of an account (researchers export their site's groups). */
    public Optional<Long> siteOf(long userId) {
        return dsl.select(APP_USER.SITE_ID).from(APP_USER).where(APP_USER.ID.eq(userId)).fetchOptional(APP_USER.SITE_ID);
    }

    public List<GroupRow> groups(Collection<Long> groupIds) {
        Map<Long, List<Long>> leaders = new HashMap<>();
        dsl.select(GROUP_LEADER.GROUP_ID, GROUP_LEADER.USER_ID).from(GROUP_LEADER).where(GROUP_LEADER.GROUP_ID.in(groupIds))
                .orderBy(GROUP_LEADER.GROUP_ID, GROUP_LEADER.USER_ID)
                .forEach(r -> leaders.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        return dsl.select(THERAPY_GROUP.ID, THERAPY_GROUP.SITE_ID, THERAPY_GROUP.NAME, SITE.NAME, THERAPY_GROUP.MODALITY, THERAPY_GROUP.FORMAT,
                        THERAPY_GROUP.PLANNED_SESSIONS, THERAPY_GROUP.EARLY_TO, THERAPY_GROUP.MIDDLE_TO)
                .from(THERAPY_GROUP).join(SITE).on(SITE.ID.eq(THERAPY_GROUP.SITE_ID))
                .where(THERAPY_GROUP.ID.in(groupIds)).orderBy(THERAPY_GROUP.ID)
                .fetch(r -> new GroupRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(), r.value8(), r.value9(),
                        List.copyOf(leaders.getOrDefault(r.value1(), List.of()))));
    }

    public List<MemberRow> members(Collection<Long> groupIds) {
        return dsl.select(MEMBER.ID, MEMBER.GROUP_ID, MEMBER.JOINED_SESSION, MEMBER.LEFT_SESSION, MEMBER.END_STATUS).from(MEMBER)
                .where(MEMBER.GROUP_ID.in(groupIds)).orderBy(MEMBER.GROUP_ID, MEMBER.ID)
                .fetch(r -> new MemberRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** Sessions of the groups, with dates in [{@code from}, {@code to}] (either may be null). */
    public List<SessionRow> sessions(Collection<Long> groupIds, LocalDate from, LocalDate to) {
        Condition c = GROUP_SESSION.GROUP_ID.in(groupIds);
        if (from != null) {
            c = c.and(GROUP_SESSION.SESSION_DATE.ge(from));
        }
        if (to != null) {
            c = c.and(GROUP_SESSION.SESSION_DATE.le(to));
        }
        return dsl.select(GROUP_SESSION.ID, GROUP_SESSION.GROUP_ID, GROUP_SESSION.SESSION_NUMBER, GROUP_SESSION.SESSION_DATE, GROUP_SESSION.PHASE)
                .from(GROUP_SESSION).where(c).orderBy(GROUP_SESSION.GROUP_ID, GROUP_SESSION.SESSION_NUMBER)
                .fetch(r -> new SessionRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5().toLowerCase()));
    }

    /** The date of each group's first session (all sessions, whatever the date filter): day 0 of "days since the first session". */
    public Map<Long, LocalDate> firstSessionDates(Collection<Long> groupIds) {
        Map<Long, LocalDate> first = new HashMap<>();
        dsl.select(GROUP_SESSION.GROUP_ID, DSL.min(GROUP_SESSION.SESSION_DATE)).from(GROUP_SESSION).where(GROUP_SESSION.GROUP_ID.in(groupIds))
                .groupBy(GROUP_SESSION.GROUP_ID).forEach(r -> first.put(r.value1(), r.value2()));
        return first;
    }

    /** Attendance status by session id, then member id. */
    public Map<Long, Map<Long, String>> attendance(Collection<Long> sessionIds) {
        Map<Long, Map<Long, String>> byS = new HashMap<>();
        if (sessionIds.isEmpty()) {
            return byS;
        }
        dsl.select(ATTENDANCE.SESSION_ID, ATTENDANCE.MEMBER_ID, ATTENDANCE.STATUS).from(ATTENDANCE).where(ATTENDANCE.SESSION_ID.in(sessionIds))
                .forEach(r -> byS.computeIfAbsent(r.value1(), k -> new HashMap<>()).put(r.value2(), r.value3()));
        return byS;
    }

    public List<SubgroupSpan> subgroupSpans(Collection<Long> groupIds) {
        return dsl.select(SUBGROUP_MEMBER.SUBGROUP_ID, SUBGROUP_MEMBER.MEMBER_ID, SUBGROUP_MEMBER.VALID_FROM_SESSION, SUBGROUP_MEMBER.VALID_TO_SESSION)
                .from(SUBGROUP_MEMBER).join(SUBGROUP).on(SUBGROUP.ID.eq(SUBGROUP_MEMBER.SUBGROUP_ID))
                .where(SUBGROUP.GROUP_ID.in(groupIds)).orderBy(SUBGROUP_MEMBER.MEMBER_ID, SUBGROUP_MEMBER.VALID_FROM_SESSION)
                .fetch(r -> new SubgroupSpan(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** The order ratings are streamed in. */
    public enum Order {
        /** group, session, instrument, rating: blocks of one session and instrument (long, target, group-session files) */
        BY_SESSION,
        /** group, rated member, instrument, session: one member's ratings together (HLM's level-1 file, sorted by member) */
        BY_MEMBER
    }

    /**
     * Streams the ratings of the groups' sessions dated in [{@code from}, {@code to}] (either may be
     * null; and of the instruments, when given), one rating at a time with its items
     * ({@code rating_item}) and subscale scores ({@code rating_score}); see the overload.
     */
    public void ratings(Collection<Long> groupIds, LocalDate from, LocalDate to, Set<String> instruments, Order order, Consumer<RatingRow> each) {
        ratings(groupIds, from, to, instruments, order, true, each);
    }

    /**
     * Streams the ratings, one row per rating: its items and subscale scores packed into one text
     * column each by a correlated {@code GROUP_CONCAT} (written as plain SQL: jOOQ's own would wrap
     * the query in statements that raise {@code group_concat_max_len}, which a streamed query cannot
     * take; MariaDB's default, 1 MiB, is thousands of items) (items {@code "1 A 7.5,2 M,3 N"}: number,
     * first letter of the answer, value; scores position, value and name separated by unit
     * separators), so that the server neither sorts nor sends one row per item
     * (docs/decisions/0026-export-one-row-per-rating.md). The values are the same text the server
     * sends for a {@code DOUBLE} column (MariaDB and H2 write the shortest decimal that reads back
     * as the same double), so they parse back to the same doubles. {@code BY_SESSION} follows
     * {@code ix_rating_export_order} (V45), so MariaDB reads in index order without a sort. Without
     * {@code withItems} the items are not read (the rows have none): the first pass only needs the
     * scores. On MySQL/MariaDB (Connector/J) the result set is streamed row by row
     * ({@link #streamingFetchSize}); without that the driver reads the whole result into memory.
     */
    public void ratings(Collection<Long> groupIds, LocalDate from, LocalDate to, Set<String> instruments, Order order, boolean withItems,
                        Consumer<RatingRow> each) {
        if (groupIds.isEmpty()) {
            return;
        }
        Condition c = RATING.GROUP_ID.in(groupIds);
        if (!instruments.isEmpty()) {
            c = c.and(RATING.INSTRUMENT_CODE.in(instruments));
        }
        if (from != null || to != null) {
            Condition dated = GROUP_SESSION.GROUP_ID.in(groupIds);
            if (from != null) {
                dated = dated.and(GROUP_SESSION.SESSION_DATE.ge(from));
            }
            if (to != null) {
                dated = dated.and(GROUP_SESSION.SESSION_DATE.le(to));
            }
            c = c.and(RATING.SESSION_ID.in(DSL.select(GROUP_SESSION.ID).from(GROUP_SESSION).where(dated)));
        }
        Field<String> items = withItems
                ? DSL.field(DSL.select(DSL.field("group_concat(concat_ws(' ', {0}, {1}, {2}) separator ',')", String.class, RATING_ITEM.ITEM_NUMBER,
                                DSL.left(RATING_ITEM.ANSWER, 1), RATING_ITEM.ITEM_VALUE))
                        .from(RATING_ITEM).where(RATING_ITEM.RATING_ID.eq(RATING.ID)))
                : DSL.inline((String) null, String.class);
        // concat(score, ''): H2 has no one-argument CONCAT, and its CONCAT reads NULL as '' (parsed as not scorable, like 'n')
        Field<String> scores = DSL.field(DSL.select(DSL.field("group_concat(concat_ws(char(31), {0}, coalesce(concat({1}, ''), 'n'), {2}) separator {3})", String.class,
                        RATING_SCORE.SCALE_POSITION, RATING_SCORE.SCORE, RATING_SCORE.SCALE_NAME, DSL.inline("\u001e")))
                .from(RATING_SCORE).where(RATING_SCORE.RATING_ID.eq(RATING.ID)));
        var select = dsl.select(RATING.ID, RATING.GROUP_ID, RATING.SESSION_ID, RATING.INSTRUMENT_CODE, RATING.INSTRUMENT_VERSION, RATING.RATER_KIND,
                        RATING.RATER_MEMBER_ID, RATING.RATER_USER_ID, RATING.TARGET_KIND, RATING.TARGET_MEMBER_ID, RATING.TARGET_SUBGROUP_ID,
                        RATING.TOTAL_SCORE, items.as("items"), scores.as("scores"))
                .from(RATING).join(GROUP_SESSION).on(GROUP_SESSION.ID.eq(RATING.SESSION_ID)).where(c);
        var ordered = switch (order) {
            case BY_SESSION -> select.orderBy(RATING.GROUP_ID, RATING.SESSION_ID, RATING.INSTRUMENT_CODE, RATING.ID);
            case BY_MEMBER -> select.orderBy(RATING.GROUP_ID, RATING.TARGET_MEMBER_ID, RATING.INSTRUMENT_CODE, GROUP_SESSION.SESSION_NUMBER,
                    RATING.ID);
        };
        try (Cursor<? extends Record> cursor = ordered.fetchSize(streamingFetchSize()).fetchLazy(); ResultSet rs = cursor.resultSet()) {
            while (rs.next()) {
                each.accept(row(rs));
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading the ratings for the export: " + e.getMessage(), e);
        }
    }

    private static RatingRow row(ResultSet rs) throws SQLException {
        String packedItems = rs.getString(13);
        double[] values = new double[0];
        boolean[] na = new boolean[0];
        if (packedItems != null && !packedItems.isEmpty()) {
            int n = 0;
            int start = 0;
            while (start <= packedItems.length()) {
                int end = packedItems.indexOf(',', start);
                end = end < 0 ? packedItems.length() : end;
                n = Math.max(n, Integer.parseInt(packedItems, start, packedItems.indexOf(' ', start), 10));
                start = end + 1;
            }
            values = new double[n];
            na = new boolean[n];
            Arrays.fill(values, Double.NaN);
            start = 0;
            while (start <= packedItems.length()) {
                int end = packedItems.indexOf(',', start);
                end = end < 0 ? packedItems.length() : end;
                int space = packedItems.indexOf(' ', start);
                int position = Integer.parseInt(packedItems, start, space, 10) - 1;
                char answer = packedItems.charAt(space + 1);
                if (space + 2 < end) {
                    values[position] = Double.parseDouble(packedItems.substring(space + 3, end));
                }
                na[position] = answer == 'N';
                start = end + 1;
            }
        }
        Map<String, Double> subscales = new LinkedHashMap<>();
        String packedScores = rs.getString(14);
        if (packedScores != null && !packedScores.isEmpty()) {
            TreeMap<Integer, Map.Entry<String, Double>> byPosition = new TreeMap<>();
            for (String score : packedScores.split("\u001e")) {
                int a = score.indexOf('\u001f');
                int b = score.indexOf('\u001f', a + 1);
                String value = score.substring(a + 1, b);
                byPosition.put(Integer.parseInt(score, 0, a, 10),
                        Map.entry(score.substring(b + 1), value.equals("n") || value.isEmpty() ? Double.NaN : Double.parseDouble(value)));
            }
            byPosition.values().forEach(e -> subscales.put(e.getKey(), e.getValue()));
        }
        double total = rs.getDouble(12);
        Double totalOrNull = rs.wasNull() ? null : total;
        return new RatingRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getInt(5), rs.getString(6), nullableLong(rs, 7),
                nullableLong(rs, 8), rs.getString(9), nullableLong(rs, 10), nullableLong(rs, 11), values, na, totalOrNull, subscales);
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /**
     * The fetch size that makes the driver stream: MySQL Connector/J streams a result set row by
     * row only with {@code Integer.MIN_VALUE} (or with {@code useCursorFetch=true} in the URL, which
     * the operator's URL need not have); other drivers (H2) take a positive size.
     */
    int streamingFetchSize() {
        Integer size = streamingFetchSize;
        if (size == null) {
            String product = dsl.connectionResult(c -> c.getMetaData().getDriverName()).toLowerCase();
            size = product.contains("mysql") || product.contains("mariadb") ? Integer.MIN_VALUE : 1000;
            streamingFetchSize = size;
        }
        return size;
    }

    private volatile Integer streamingFetchSize;

    /** Counts for the page before exporting: ratings of the selected sessions and instruments. */
    public int countRatings(Collection<Long> sessionIds, Set<String> instruments) {
        if (sessionIds.isEmpty()) {
            return 0;
        }
        Condition c = RATING.SESSION_ID.in(sessionIds);
        if (!instruments.isEmpty()) {
            c = c.and(RATING.INSTRUMENT_CODE.in(instruments));
        }
        return dsl.fetchCount(RATING, c);
    }

    /** Counts for the page before exporting: outcome forms of the selected groups and instruments (without reading their answers). */
    public int countOutcomes(Collection<Long> groupIds, Set<String> instruments) {
        return dsl.fetchCount(OUTCOME_RATING, outcomeCondition(groupIds, instruments));
    }

    private static Condition outcomeCondition(Collection<Long> groupIds, Set<String> instruments) {
        Condition c = OUTCOME_RATING.GROUP_ID.in(groupIds);
        return instruments.isEmpty() ? c : c.and(OUTCOME_RATING.INSTRUMENT_CODE.in(instruments));
    }

    public List<OutcomeRow> outcomes(Collection<Long> groupIds, Set<String> instruments) {
        Condition c = outcomeCondition(groupIds, instruments);
        // the answers of all these forms in one query, then joined to their forms here (a few forms per member)
        Map<Long, List<org.jooq.Record4<Long, Integer, String, Double>>> answers = new HashMap<>();
        dsl.select(OUTCOME_ITEM.OUTCOME_RATING_ID, OUTCOME_ITEM.ITEM_NUMBER, OUTCOME_ITEM.ANSWER, OUTCOME_ITEM.ITEM_VALUE)
                .from(OUTCOME_ITEM).join(OUTCOME_RATING).on(OUTCOME_RATING.ID.eq(OUTCOME_ITEM.OUTCOME_RATING_ID)).where(c)
                .forEach(r -> answers.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r));
        return dsl.select(OUTCOME_RATING.MEMBER_ID, OUTCOME_RATING.GROUP_ID, OUTCOME_RATING.INSTRUMENT_CODE, OUTCOME_RATING.INSTRUMENT_VERSION,
                        OUTCOME_RATING.TIMEPOINT, OUTCOME_RATING.FOLLOW_UP_WEEK, OUTCOME_RATING.TOTAL_SCORE, OUTCOME_RATING.ID)
                .from(OUTCOME_RATING).where(c)
                .orderBy(OUTCOME_RATING.MEMBER_ID, OUTCOME_RATING.INSTRUMENT_CODE, OUTCOME_RATING.TIMEPOINT, OUTCOME_RATING.FOLLOW_UP_WEEK)
                .fetch(r -> {
                    List<org.jooq.Record4<Long, Integer, String, Double>> items = answers.getOrDefault(r.value8(), List.of());
                    int n = items.stream().mapToInt(org.jooq.Record4::value2).max().orElse(0);
                    double[] values = new double[n];
                    boolean[] notApplicable = new boolean[n];
                    java.util.Arrays.fill(values, Double.NaN);
                    for (var i : items) {
                        if (i.value4() != null) {
                            values[i.value2() - 1] = i.value4();
                        }
                        notApplicable[i.value2() - 1] = "NOT_APPLICABLE".equals(i.value3());
                    }
                    return new OutcomeRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(), values, notApplicable);
                });
    }

    /**
     * The rupture records of the groups with their structured fields only: never the notes of the
     * steps, the plan for the next session or the alert's text (docs/decisions/0020-export-programs-ruptures-streaming.md).
     * Steps not stored count as not done.
     */
    public List<RuptureRow> ruptures(Collection<Long> groupIds) {
        if (groupIds.isEmpty()) {
            return List.of();
        }
        Map<Long, boolean[]> steps = new HashMap<>();
        dsl.select(RUPTURE_STEP.RECORD_ID, RUPTURE_STEP.STEP, RUPTURE_STEP.DONE).from(RUPTURE_STEP).join(RUPTURE_RECORD)
                .on(RUPTURE_RECORD.ID.eq(RUPTURE_STEP.RECORD_ID)).where(RUPTURE_RECORD.GROUP_ID.in(groupIds))
                .forEach(r -> steps.computeIfAbsent(r.value1(), k -> new boolean[8])[r.value2() - 1] = Boolean.TRUE.equals(r.value3()));
        return dsl.select(RUPTURE_RECORD.ID, RUPTURE_RECORD.GROUP_ID, RUPTURE_ALERT.RULE_CODE, RUPTURE_RECORD.WITH_KIND, RUPTURE_RECORD.MEMBER_ID,
                        RUPTURE_RECORD.SUBGROUP_ID, RUPTURE_RECORD.MARKER, RUPTURE_RECORD.NOTICED_SESSION, RUPTURE_RECORD.PLAN_WHERE,
                        RUPTURE_RECORD.STATE, RUPTURE_RECORD.OUTCOME, RUPTURE_RECORD.CLOSED_SESSION)
                .from(RUPTURE_RECORD).leftJoin(RUPTURE_ALERT).on(RUPTURE_ALERT.ID.eq(RUPTURE_RECORD.ALERT_ID))
                .where(RUPTURE_RECORD.GROUP_ID.in(groupIds)).orderBy(RUPTURE_RECORD.GROUP_ID, RUPTURE_RECORD.NOTICED_SESSION, RUPTURE_RECORD.ID)
                .fetch(r -> new RuptureRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(), r.value8(), r.value9(),
                        r.value10(), r.value11(), r.value12(), steps.getOrDefault(r.value1(), new boolean[8])));
    }

    /** Instrument codes used in ratings or outcomes of these groups (for the page's choice). */
    public List<String> instrumentCodesUsed(Collection<Long> groupIds) {
        if (groupIds.isEmpty()) {
            return List.of();
        }
        return dsl.selectDistinct(RATING.INSTRUMENT_CODE).from(RATING).where(RATING.GROUP_ID.in(groupIds))
                .union(DSL.selectDistinct(OUTCOME_RATING.INSTRUMENT_CODE).from(OUTCOME_RATING).where(OUTCOME_RATING.GROUP_ID.in(groupIds)))
                .fetch(0, String.class).stream().sorted().toList();
    }
}
