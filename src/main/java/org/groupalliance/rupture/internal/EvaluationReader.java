package org.groupalliance.rupture.internal;

import static org.groupalliance.jooq.Tables.GROUP_SESSION;
import static org.groupalliance.jooq.Tables.INSTRUMENT;
import static org.groupalliance.jooq.Tables.MEMBER;
import static org.groupalliance.jooq.Tables.OUTCOME_RATING;
import static org.groupalliance.jooq.Tables.RATING;
import static org.groupalliance.jooq.Tables.RATING_ITEM;
import static org.groupalliance.jooq.Tables.RATING_SCORE;
import static org.groupalliance.jooq.Tables.RUPTURE_SETTING;
import static org.groupalliance.jooq.Tables.SUBGROUP;
import static org.groupalliance.jooq.Tables.SUBGROUP_MEMBER;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.jooq.DSLContext;
import org.jooq.Record4;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * Everything the alert rules need for a group's sessions from a given session on, in a handful of
 * set-based queries whose number does not depend on the number of members, sessions or
 * instruments (issue 11: evaluation must add little to a sheet save). It reads the tables of
 * roster, capture and outcome directly, without their services' access checks: the caller
 * ({@code RuptureEvaluation}) runs as the system actor and shows nothing to anyone.
 *
 * <ol>
 *   <li>the group's sessions (id, number);</li>
 *   <li>its members with their subgroup memberships (one row per membership);</li>
 *   <li>rating headers: every member's own rating of the group (all sessions: previous ratings and
 *       baselines come from them) and every other rating at the evaluated sessions;</li>
 *   <li>the item answers and subscale scores (one UNION ALL) of the members' own ratings from the
 *       earliest session any rule compares with;</li>
 *   <li>the group's rule settings;</li>
 *   <li>the members' outcome baselines;</li>
 *   <li>the instrument definitions used (as stored JSON).</li>
 * </ol>
 */
@Repository
public class EvaluationReader {

    /** A session of the group. */
    public record SessionRow(SessionId id, int number) {
    }

    /** A member's time in a named subgroup (inclusive session numbers; {@code to} null while it lasts). */
    public record Membership(String subgroup, MemberId member, int from, Integer to) {
        public boolean activeAt(int session) {
            return from <= session && (to == null || session <= to);
        }
    }

    /**
     * One stored rating: {@code total} NaN when none was computed; {@code items} (NaN = missing or
     * not applicable) and {@code subscales} are filled only for members' own ratings from the
     * detail session on, else empty.
     */
    public record RatingRow(long id, int session, String instrumentCode, int instrumentVersion, Rater raterKind, MemberId raterMember,
                            RatingTarget.Kind targetKind, MemberId targetMember, double total, List<Double> items, Map<String, Double> subscales) {

        /** A member's own form: rated by a member (about themself). */
        public boolean own() {
            return raterKind == Rater.MEMBER && raterMember != null;
        }
    }

    /** Everything read for one evaluation. {@code baselines} maps "memberId|instrument" to the outcome baseline total. */
    public record GroupData(GroupId group, List<SessionRow> sessions, Map<MemberId, String> codes, List<Membership> memberships, List<RatingRow> ratings,
                            Map<String, SettingRepository.GroupSetting> settings, Map<String, Double> baselines, Map<String, String> definitionJson) {
    }

    private final DSLContext dsl;

    EvaluationReader(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The group's sessions in order (query 1); the caller picks the first evaluated session from them. */
    public List<SessionRow> sessions(GroupId group) {
        return dsl.select(GROUP_SESSION.ID, GROUP_SESSION.SESSION_NUMBER).from(GROUP_SESSION).where(GROUP_SESSION.GROUP_ID.eq(group.value()))
                .orderBy(GROUP_SESSION.SESSION_NUMBER).fetch(r -> new SessionRow(new SessionId(r.value1()), r.value2()));
    }

    /** The group id of a session, if it exists. */
    public java.util.Optional<GroupId> groupOf(SessionId session) {
        return dsl.select(GROUP_SESSION.GROUP_ID).from(GROUP_SESSION).where(GROUP_SESSION.ID.eq(session.value())).fetchOptional(r -> new GroupId(r.value1()));
    }

    /**
     * Reads what the rules need to evaluate the sessions numbered {@code from} and later.
     *
     * @param sessions the group's sessions, as {@link #sessions} returned them
     */
    public GroupData load(GroupId group, List<SessionRow> sessions, int from) {
        long g = group.value();
        // 2. members and their subgroup memberships
        Map<MemberId, String> codes = new LinkedHashMap<>();
        List<Membership> memberships = new ArrayList<>();
        dsl.select(MEMBER.ID, MEMBER.MEMBER_CODE, SUBGROUP.NAME, SUBGROUP_MEMBER.VALID_FROM_SESSION, SUBGROUP_MEMBER.VALID_TO_SESSION)
                .from(MEMBER)
                .leftJoin(SUBGROUP_MEMBER).on(SUBGROUP_MEMBER.MEMBER_ID.eq(MEMBER.ID))
                .leftJoin(SUBGROUP).on(SUBGROUP.ID.eq(SUBGROUP_MEMBER.SUBGROUP_ID))
                .where(MEMBER.GROUP_ID.eq(g))
                .forEach(r -> {
                    MemberId m = new MemberId(r.value1());
                    codes.put(m, r.value2());
                    if (r.value3() != null) {
                        memberships.add(new Membership(r.value3(), m, r.value4(), r.value5()));
                    }
                });

        // 3. rating headers: members' own ratings of every session, other raters' from the first evaluated session
        record Header(long id, int session, String code, int version, Rater rater, MemberId raterMember, RatingTarget.Kind target, MemberId targetMember,
                      double total) {
        }
        List<Header> headers = dsl.select(RATING.ID, GROUP_SESSION.SESSION_NUMBER, RATING.INSTRUMENT_CODE, RATING.INSTRUMENT_VERSION, RATING.RATER_KIND,
                        RATING.RATER_MEMBER_ID, RATING.TARGET_KIND, RATING.TARGET_MEMBER_ID, RATING.TOTAL_SCORE)
                .from(RATING).join(GROUP_SESSION).on(GROUP_SESSION.ID.eq(RATING.SESSION_ID))
                .where(RATING.GROUP_ID.eq(g))
                .and(RATING.RATER_KIND.eq(Rater.MEMBER.name()).or(GROUP_SESSION.SESSION_NUMBER.ge(from)))
                .orderBy(GROUP_SESSION.SESSION_NUMBER, RATING.INSTRUMENT_CODE, RATING.ID)
                .fetch(r -> new Header(r.value1(), r.value2(), r.value3(), r.value4(), Rater.valueOf(r.value5()),
                        r.value6() == null ? null : new MemberId(r.value6()), RatingTarget.Kind.valueOf(r.value7()),
                        r.value8() == null ? null : new MemberId(r.value8()), r.value9() == null ? Double.NaN : r.value9()));

        // 4. answers and subscale scores of members' own ratings from the earliest session a rule compares with:
        // for each instrument rated at an evaluated session, the last session before `from` at which members rated it
        Map<String, Integer> lastBefore = new HashMap<>();
        Set<String> evaluated = new java.util.HashSet<>();
        for (Header h : headers) {
            if (h.rater() != Rater.MEMBER) {
                continue;
            }
            if (h.session() < from) {
                lastBefore.merge(h.code(), h.session(), Math::max);
            } else {
                evaluated.add(h.code());
            }
        }
        int detailFrom = evaluated.stream().map(lastBefore::get).filter(java.util.Objects::nonNull).min(Integer::compare).orElse(from);
        Map<Long, List<Double>> items = new HashMap<>();
        Map<Long, Map<String, Double>> subscales = new HashMap<>();
        if (!evaluated.isEmpty()) {
            var answers = dsl.select(RATING_ITEM.RATING_ID, RATING_ITEM.ITEM_NUMBER, RATING_ITEM.ITEM_VALUE, DSL.inline((String) null, String.class).as("scale"))
                    .from(RATING_ITEM).join(RATING).on(RATING.ID.eq(RATING_ITEM.RATING_ID)).join(GROUP_SESSION).on(GROUP_SESSION.ID.eq(RATING.SESSION_ID))
                    .where(RATING.GROUP_ID.eq(g)).and(RATING.RATER_KIND.eq(Rater.MEMBER.name())).and(GROUP_SESSION.SESSION_NUMBER.ge(detailFrom));
            var scores = dsl.select(RATING_SCORE.RATING_ID, RATING_SCORE.SCALE_POSITION, RATING_SCORE.SCORE, RATING_SCORE.SCALE_NAME)
                    .from(RATING_SCORE).join(RATING).on(RATING.ID.eq(RATING_SCORE.RATING_ID)).join(GROUP_SESSION).on(GROUP_SESSION.ID.eq(RATING.SESSION_ID))
                    .where(RATING.GROUP_ID.eq(g)).and(RATING.RATER_KIND.eq(Rater.MEMBER.name())).and(GROUP_SESSION.SESSION_NUMBER.ge(detailFrom));
            List<Record4<Long, Integer, Double, String>> rows = new ArrayList<>(answers.unionAll(scores).fetch());
            // ordered here, not in SQL: H2 and MariaDB differ on ordering a union by position names
            rows.sort(java.util.Comparator.comparingLong((Record4<Long, Integer, Double, String> r) -> r.value1())
                    .thenComparingInt(r -> r.value4() == null ? 0 : 1).thenComparingInt(r -> r.value2()));
            for (var r : rows) {
                double v = r.value3() == null ? Double.NaN : r.value3();
                if (r.value4() == null) {
                    items.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(v);
                } else {
                    subscales.computeIfAbsent(r.value1(), k -> new LinkedHashMap<>()).put(r.value4(), v);
                }
            }
        }
        List<RatingRow> ratings = headers.stream().map(h -> new RatingRow(h.id(), h.session(), h.code(), h.version(), h.rater(), h.raterMember(), h.target(),
                h.targetMember(), h.total(), items.getOrDefault(h.id(), List.of()), subscales.getOrDefault(h.id(), Map.of()))).toList();

        // 5. the group's own rule settings
        Map<String, SettingRepository.GroupSetting> settings = new HashMap<>();
        dsl.select(RUPTURE_SETTING.INSTRUMENT_CODE, RUPTURE_SETTING.DROP_OF, RUPTURE_SETTING.GROUP_FALL_OF).from(RUPTURE_SETTING)
                .where(RUPTURE_SETTING.GROUP_ID.eq(g)).forEach(r -> settings.put(r.value1(), new SettingRepository.GroupSetting(r.value2(), r.value3())));

        // 6. outcome baselines
        Map<String, Double> baselines = new HashMap<>();
        dsl.select(OUTCOME_RATING.MEMBER_ID, OUTCOME_RATING.INSTRUMENT_CODE, OUTCOME_RATING.TOTAL_SCORE).from(OUTCOME_RATING)
                .where(OUTCOME_RATING.GROUP_ID.eq(g)).and(OUTCOME_RATING.TIMEPOINT.eq("BASELINE"))
                .forEach(r -> baselines.put(r.value1() + "|" + r.value2(), r.value3() == null ? Double.NaN : r.value3()));

        // 7. the definitions of the instrument versions rated at the evaluated sessions
        Set<String> used = new java.util.TreeSet<>();
        headers.stream().filter(h -> h.session() >= from).forEach(h -> used.add(h.code() + " " + h.version()));
        Map<String, String> definitions = definitions(used);
        return new GroupData(group, sessions, codes, memberships, ratings, settings, baselines, definitions);
    }

    /** Stored definition JSON by "CODE version". */
    private Map<String, String> definitions(Collection<String> codeAndVersion) {
        if (codeAndVersion.isEmpty()) {
            return Map.of();
        }
        var condition = DSL.noCondition();
        for (String cv : codeAndVersion) {
            int space = cv.lastIndexOf(' ');
            condition = condition.or(INSTRUMENT.CODE.eq(cv.substring(0, space)).and(INSTRUMENT.DEFINITION_VERSION.eq(Integer.parseInt(cv.substring(space + 1)))));
        }
        Map<String, String> out = new HashMap<>();
        dsl.select(INSTRUMENT.CODE, INSTRUMENT.DEFINITION_VERSION, INSTRUMENT.DEFINITION_JSON).from(INSTRUMENT).where(condition)
                .forEach(r -> out.put(r.value1() + " " + r.value2(), r.value3()));
        return out;
    }
}
