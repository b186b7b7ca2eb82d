package org.groupalliance.insight.internal;

import static org.groupalliance.jooq.Tables.APP_USER;
import static org.groupalliance.jooq.Tables.GROUP_LEADER;
import static org.groupalliance.jooq.Tables.GROUP_SESSION;
import static org.groupalliance.jooq.Tables.OUTCOME_RATING;
import static org.groupalliance.jooq.Tables.RATING;
import static org.groupalliance.jooq.Tables.RATING_ITEM;
import static org.groupalliance.jooq.Tables.THERAPY_GROUP;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * Read-only SQL for the alliance–outcome link. Which groups a user may pool is decided here, in SQL
 * ({@link #visibleGroupIds}); every other query takes that set of group ids. Nothing here reads
 * display names.
 */
@Repository
public class AssociationRepository {

    /** A session score of a member (rated by the member, or by a leader/observer about the member) with its item responses (NaN = missing). */
    public record ScoreRow(long groupId, long memberId, int session, String phase, double total, double[] items) {
    }

    /** A member's outcome at baseline or post. */
    public record OutcomeRow(long groupId, long memberId, String timepoint, double total) {
    }

    private final DSLContext dsl;

    AssociationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * The groups whose data a user may pool: all (admin), the groups of the user's site (researcher;
     * none without a site), the groups the user leads (facilitator); none for anyone else.
     */
    public List<Long> visibleGroupIds(String role, Long userId) {
        Condition who = switch (role) {
            case "ADMIN" -> DSL.trueCondition();
            case "RESEARCHER" -> userId == null ? DSL.falseCondition()
                    : THERAPY_GROUP.SITE_ID.in(DSL.select(APP_USER.SITE_ID).from(APP_USER).where(APP_USER.ID.eq(userId).and(APP_USER.SITE_ID.isNotNull())));
            case "FACILITATOR" -> userId == null ? DSL.falseCondition()
                    : THERAPY_GROUP.ID.in(DSL.select(GROUP_LEADER.GROUP_ID).from(GROUP_LEADER).where(GROUP_LEADER.USER_ID.eq(userId)));
            default -> DSL.falseCondition();
        };
        return dsl.select(THERAPY_GROUP.ID).from(THERAPY_GROUP).where(who).orderBy(THERAPY_GROUP.ID).fetch(THERAPY_GROUP.ID);
    }

    /** Group names by id, in id order. */
    public Map<Long, String> groupNames(Collection<Long> groupIds) {
        Map<Long, String> out = new LinkedHashMap<>();
        dsl.select(THERAPY_GROUP.ID, THERAPY_GROUP.NAME).from(THERAPY_GROUP).where(THERAPY_GROUP.ID.in(groupIds)).orderBy(THERAPY_GROUP.ID)
                .forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    /**
     * Session scores of an instrument in these groups: rated by members about themselves
     * ({@code rater = MEMBER}), or by leaders/observers about a member; ordered by group, member, session.
     */
    public List<ScoreRow> sessionScores(Collection<Long> groupIds, String instrumentCode, String rater) {
        if (groupIds.isEmpty()) {
            return List.of();
        }
        boolean byMember = rater.equals("MEMBER");
        var memberField = byMember ? RATING.RATER_MEMBER_ID : RATING.TARGET_MEMBER_ID;
        Condition c = RATING.GROUP_ID.in(groupIds).and(RATING.INSTRUMENT_CODE.eq(instrumentCode)).and(RATING.RATER_KIND.eq(rater))
                .and(byMember ? RATING.RATER_MEMBER_ID.isNotNull() : RATING.TARGET_KIND.eq("MEMBER").and(RATING.TARGET_MEMBER_ID.isNotNull()));
        Map<Long, TreeMap<Integer, Double>> items = new HashMap<>();
        dsl.select(RATING_ITEM.RATING_ID, RATING_ITEM.ITEM_NUMBER, RATING_ITEM.ITEM_VALUE).from(RATING_ITEM).join(RATING)
                .on(RATING.ID.eq(RATING_ITEM.RATING_ID)).where(c)
                .forEach(r -> items.computeIfAbsent(r.value1(), k -> new TreeMap<>()).put(r.value2(), r.value3() == null ? Double.NaN : r.value3()));
        List<ScoreRow> out = new ArrayList<>();
        dsl.select(RATING.ID, RATING.GROUP_ID, memberField, GROUP_SESSION.SESSION_NUMBER, GROUP_SESSION.PHASE, RATING.TOTAL_SCORE).from(RATING)
                .join(GROUP_SESSION).on(GROUP_SESSION.ID.eq(RATING.SESSION_ID)).where(c)
                .orderBy(RATING.GROUP_ID, memberField, GROUP_SESSION.SESSION_NUMBER, RATING.ID)
                .forEach(r -> {
                    TreeMap<Integer, Double> its = items.getOrDefault(r.value1(), new TreeMap<>());
                    double[] v = new double[its.isEmpty() ? 0 : its.lastKey()];
                    java.util.Arrays.fill(v, Double.NaN);
                    its.forEach((k, x) -> v[k - 1] = x);
                    out.add(new ScoreRow(r.value2(), r.value3(), r.value4(), r.value5(), r.value6() == null ? Double.NaN : r.value6(), v));
                });
        return out;
    }

    /**
     * Session totals of several instruments that a group's members rated about themselves, in one
     * query and without item responses (empty {@code items}): per instrument code, the rows
     * {@link #sessionScores} gives for that code and rater {@code MEMBER}, in its order.
     */
    public Map<String, List<ScoreRow>> memberSessionTotals(long groupId, Collection<String> instrumentCodes) {
        Map<String, List<ScoreRow>> out = new HashMap<>();
        if (instrumentCodes.isEmpty()) {
            return out;
        }
        double[] none = new double[0];
        dsl.select(RATING.INSTRUMENT_CODE, RATING.GROUP_ID, RATING.RATER_MEMBER_ID, GROUP_SESSION.SESSION_NUMBER, GROUP_SESSION.PHASE, RATING.TOTAL_SCORE)
                .from(RATING).join(GROUP_SESSION).on(GROUP_SESSION.ID.eq(RATING.SESSION_ID))
                .where(RATING.GROUP_ID.eq(groupId).and(RATING.INSTRUMENT_CODE.in(instrumentCodes)).and(RATING.RATER_KIND.eq("MEMBER"))
                        .and(RATING.RATER_MEMBER_ID.isNotNull()))
                .orderBy(RATING.GROUP_ID, RATING.RATER_MEMBER_ID, GROUP_SESSION.SESSION_NUMBER, RATING.ID)
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(new ScoreRow(r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6() == null ? Double.NaN : r.value6(), none)));
        return out;
    }

    /** Baseline and post totals of an outcome instrument in these groups. */
    public List<OutcomeRow> prePost(Collection<Long> groupIds, String instrumentCode) {
        if (groupIds.isEmpty()) {
            return List.of();
        }
        return dsl.select(OUTCOME_RATING.GROUP_ID, OUTCOME_RATING.MEMBER_ID, OUTCOME_RATING.TIMEPOINT, OUTCOME_RATING.TOTAL_SCORE).from(OUTCOME_RATING)
                .where(OUTCOME_RATING.GROUP_ID.in(groupIds).and(OUTCOME_RATING.INSTRUMENT_CODE.eq(instrumentCode))
                        .and(OUTCOME_RATING.TIMEPOINT.in("BASELINE", "POST")))
                .orderBy(OUTCOME_RATING.GROUP_ID, OUTCOME_RATING.MEMBER_ID)
                .fetch(r -> new OutcomeRow(r.value1(), r.value2(), r.value3(), r.value4() == null ? Double.NaN : r.value4()));
    }
}
