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
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/**
 * Everything the alert rules need for a group's sessions from a given session on, in three
 * set-based queries whose number does not depend on the number of members, sessions or
 * instruments (issue 11: evaluation must add little to a sheet save). It reads the tables of
 * roster, capture, outcome and measure directly, without their services' access checks: the caller
 * ({@code RuptureEvaluation}) runs as the system actor and shows nothing to anyone.
 *
 * <ol>
 *   <li>one UNION ALL of the group's small tables: its sessions (id, number), its members with their
 *       subgroup memberships (one row per membership), its rule settings, the members' outcome
 *       baselines, and the definitions (stored JSON) of the instrument versions rated at the
 *       evaluated sessions;</li>
 *   <li>rating headers: every member's own rating of the group (all sessions: previous ratings and
 *       baselines come from them) and every other rating at the evaluated sessions;</li>
 *   <li>the item answers and subscale scores (one UNION ALL) of the members' own ratings from the
 *       earliest session any rule compares with.</li>
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

    /** The group and number of a session, if it exists. */
    public java.util.Optional<SessionRef> sessionOf(SessionId session) {
        return dsl.select(GROUP_SESSION.GROUP_ID, GROUP_SESSION.SESSION_NUMBER).from(GROUP_SESSION).where(GROUP_SESSION.ID.eq(session.value()))
                .fetchOptional(r -> new SessionRef(new GroupId(r.value1()), r.value2()));
    }

    /** A session's group and number. */
    public record SessionRef(GroupId group, int number) {
    }

    /**
     * Reads what the rules need to evaluate the group's sessions numbered {@code from} and later.
     */
    public GroupData load(GroupId group, int from) {
        long g = group.value();
        // 1. one UNION ALL of the group's small tables: sessions (S), members with their subgroup memberships (M),
        // rule settings (T), outcome baselines (B), and the definitions of the instrument versions rated at the
        // evaluated sessions (D). Columns: kind, a, b, c (numbers), s1, s2 (text), d1, d2 (decimals).
        var nb = DSL.castNull(SQLDataType.BIGINT);
        var ns = DSL.inline((String) null, String.class);
        var nd = DSL.castNull(SQLDataType.DOUBLE);
        var sessionsPart = dsl.select(DSL.inline("S").as("k"), DSL.cast(GROUP_SESSION.ID, SQLDataType.BIGINT).as("a"),
                        DSL.cast(GROUP_SESSION.SESSION_NUMBER, SQLDataType.BIGINT).as("b"), nb.as("c"), ns.as("s1"), ns.as("s2"), nd.as("d1"), nd.as("d2"))
                .from(GROUP_SESSION).where(GROUP_SESSION.GROUP_ID.eq(g));
        var membersPart = dsl.select(DSL.inline("M"), DSL.cast(MEMBER.ID, SQLDataType.BIGINT), DSL.cast(SUBGROUP_MEMBER.VALID_FROM_SESSION, SQLDataType.BIGINT),
                        DSL.cast(SUBGROUP_MEMBER.VALID_TO_SESSION, SQLDataType.BIGINT), MEMBER.MEMBER_CODE, SUBGROUP.NAME, nd, nd)
                .from(MEMBER)
                .leftJoin(SUBGROUP_MEMBER).on(SUBGROUP_MEMBER.MEMBER_ID.eq(MEMBER.ID))
                .leftJoin(SUBGROUP).on(SUBGROUP.ID.eq(SUBGROUP_MEMBER.SUBGROUP_ID))
                .where(MEMBER.GROUP_ID.eq(g));
        var settingsPart = dsl.select(DSL.inline("T"), nb, nb, nb, RUPTURE_SETTING.INSTRUMENT_CODE, ns,
                        DSL.cast(RUPTURE_SETTING.DROP_OF, SQLDataType.DOUBLE), DSL.cast(RUPTURE_SETTING.GROUP_FALL_OF, SQLDataType.DOUBLE))
                .from(RUPTURE_SETTING).where(RUPTURE_SETTING.GROUP_ID.eq(g));
        var baselinesPart = dsl.select(DSL.inline("B"), DSL.cast(OUTCOME_RATING.MEMBER_ID, SQLDataType.BIGINT), nb, nb, OUTCOME_RATING.INSTRUMENT_CODE, ns,
                        DSL.cast(OUTCOME_RATING.TOTAL_SCORE, SQLDataType.DOUBLE), nd)
                .from(OUTCOME_RATING).where(OUTCOME_RATING.GROUP_ID.eq(g)).and(OUTCOME_RATING.TIMEPOINT.eq("BASELINE"));
        var definitionsPart = dsl.select(DSL.inline("D"), nb, DSL.cast(INSTRUMENT.DEFINITION_VERSION, SQLDataType.BIGINT), nb, INSTRUMENT.CODE,
                        INSTRUMENT.DEFINITION_JSON, nd, nd)
                .from(INSTRUMENT)
                .where(DSL.row(INSTRUMENT.CODE, INSTRUMENT.DEFINITION_VERSION).in(
                        dsl.selectDistinct(RATING.INSTRUMENT_CODE, RATING.INSTRUMENT_VERSION).from(RATING).join(GROUP_SESSION).on(GROUP_SESSION.ID.eq(RATING.SESSION_ID))
                                .where(RATING.GROUP_ID.eq(g)).and(GROUP_SESSION.SESSION_NUMBER.ge(from))));
        List<SessionRow> sessions = new ArrayList<>();
        Map<MemberId, String> codes = new LinkedHashMap<>();
        List<Membership> memberships = new ArrayList<>();
        Map<String, SettingRepository.GroupSetting> settings = new HashMap<>();
        Map<String, Double> baselines = new HashMap<>();
        Map<String, String> definitions = new HashMap<>();
        var contextRows = new ArrayList<>(sessionsPart.unionAll(membersPart).unionAll(settingsPart).unionAll(baselinesPart).unionAll(definitionsPart).fetch());
        // ordered here, not in SQL (H2 and MariaDB differ on ordering a union): members and sessions by id, as their own queries read them
        contextRows.sort(java.util.Comparator.comparing((org.jooq.Record8<String, Long, Long, Long, String, String, Double, Double> r) -> r.value1())
                .thenComparing(r -> r.value2(), java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        for (var r : contextRows) {
            switch (r.value1()) {
                case "S" -> sessions.add(new SessionRow(new SessionId(r.value2()), r.value3().intValue()));
                case "M" -> {
                    MemberId m = new MemberId(r.value2());
                    codes.put(m, r.value5());
                    if (r.value6() != null) {
                        memberships.add(new Membership(r.value6(), m, r.value3().intValue(), r.value4() == null ? null : r.value4().intValue()));
                    }
                }
                case "T" -> settings.put(r.value5(), new SettingRepository.GroupSetting(r.value7(), r.value8()));
                case "B" -> baselines.put(r.value2() + "|" + r.value5(), r.value7() == null ? Double.NaN : r.value7());
                case "D" -> definitions.put(r.value5() + " " + r.value3(), r.value6());
                default -> throw new IllegalStateException(r.value1());
            }
        }
        sessions.sort(java.util.Comparator.comparingInt(SessionRow::number));

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

        return new GroupData(group, sessions, codes, memberships, ratings, settings, baselines, definitions);
    }
}
