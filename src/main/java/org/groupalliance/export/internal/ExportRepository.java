package org.groupalliance.export.internal;

import static org.groupalliance.jooq.Tables.APP_USER;
import static org.groupalliance.jooq.Tables.ATTENDANCE;
import static org.groupalliance.jooq.Tables.GROUP_LEADER;
import static org.groupalliance.jooq.Tables.GROUP_SESSION;
import static org.groupalliance.jooq.Tables.MEMBER;
import static org.groupalliance.jooq.Tables.OUTCOME_RATING;
import static org.groupalliance.jooq.Tables.RATING;
import static org.groupalliance.jooq.Tables.SITE;
import static org.groupalliance.jooq.Tables.SUBGROUP;
import static org.groupalliance.jooq.Tables.SUBGROUP_MEMBER;
import static org.groupalliance.jooq.Tables.THERAPY_GROUP;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.groupalliance.export.ExportData.GroupRow;
import org.groupalliance.export.ExportData.MemberRow;
import org.groupalliance.export.ExportData.OutcomeRow;
import org.groupalliance.export.ExportData.RatingRow;
import org.groupalliance.export.ExportData.SessionRow;
import org.groupalliance.export.ExportData.SubgroupSpan;
import org.groupalliance.measure.ResponseText;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
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
        return dsl.select(GROUP_SESSION.ID, GROUP_SESSION.GROUP_ID, GROUP_SESSION.SESSION_NUMBER, GROUP_SESSION.SESSION_DATE).from(GROUP_SESSION)
                .where(c).orderBy(GROUP_SESSION.GROUP_ID, GROUP_SESSION.SESSION_NUMBER)
                .fetch(r -> new SessionRow(r.value1(), r.value2(), r.value3(), r.value4()));
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

    /**
     * Streams the ratings of the given sessions (and instruments, when given), ordered by group,
     * session, instrument and id, one row at a time.
     */
    public void ratings(Collection<Long> sessionIds, Set<String> instruments, Consumer<RatingRow> each) {
        if (sessionIds.isEmpty()) {
            return;
        }
        Condition c = RATING.SESSION_ID.in(sessionIds);
        if (!instruments.isEmpty()) {
            c = c.and(RATING.INSTRUMENT_CODE.in(instruments));
        }
        try (Cursor<? extends Record> cursor = dsl.select(RATING.ID, RATING.GROUP_ID, RATING.SESSION_ID, RATING.INSTRUMENT_CODE, RATING.INSTRUMENT_VERSION,
                        RATING.RATER_KIND, RATING.RATER_MEMBER_ID, RATING.RATER_USER_ID, RATING.TARGET_KIND, RATING.TARGET_MEMBER_ID,
                        RATING.TARGET_SUBGROUP_ID, RATING.RESPONSES, RATING.TOTAL_SCORE, RATING.SUBSCALE_SCORES)
                .from(RATING).where(c).orderBy(RATING.GROUP_ID, RATING.SESSION_ID, RATING.INSTRUMENT_CODE, RATING.ID)
                .fetchSize(1000).fetchLazy()) {
            for (Record r : cursor) {
                each.accept(new RatingRow(r.get(RATING.ID), r.get(RATING.GROUP_ID), r.get(RATING.SESSION_ID), r.get(RATING.INSTRUMENT_CODE),
                        r.get(RATING.INSTRUMENT_VERSION), r.get(RATING.RATER_KIND), r.get(RATING.RATER_MEMBER_ID), r.get(RATING.RATER_USER_ID),
                        r.get(RATING.TARGET_KIND), r.get(RATING.TARGET_MEMBER_ID), r.get(RATING.TARGET_SUBGROUP_ID),
                        ResponseText.parseResponses(r.get(RATING.RESPONSES)).stream().mapToDouble(Double::doubleValue).toArray(), null,
                        r.get(RATING.TOTAL_SCORE), ResponseText.parseSubscales(r.get(RATING.SUBSCALE_SCORES))));
            }
        }
    }

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

    public List<OutcomeRow> outcomes(Collection<Long> groupIds, Set<String> instruments) {
        Condition c = OUTCOME_RATING.GROUP_ID.in(groupIds);
        if (!instruments.isEmpty()) {
            c = c.and(OUTCOME_RATING.INSTRUMENT_CODE.in(instruments));
        }
        return dsl.select(OUTCOME_RATING.MEMBER_ID, OUTCOME_RATING.GROUP_ID, OUTCOME_RATING.INSTRUMENT_CODE, OUTCOME_RATING.INSTRUMENT_VERSION,
                        OUTCOME_RATING.TIMEPOINT, OUTCOME_RATING.FOLLOW_UP_WEEK, OUTCOME_RATING.TOTAL_SCORE)
                .from(OUTCOME_RATING).where(c).orderBy(OUTCOME_RATING.MEMBER_ID, OUTCOME_RATING.INSTRUMENT_CODE, OUTCOME_RATING.TIMEPOINT)
                .fetch(r -> new OutcomeRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7()));
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
