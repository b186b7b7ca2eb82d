package org.groupalliance.export.internal;

import static org.groupalliance.jooq.Tables.ATTENDANCE;
import static org.groupalliance.jooq.Tables.GROUP_SESSION;
import static org.groupalliance.jooq.Tables.MEMBER;
import static org.groupalliance.jooq.Tables.RATING;
import static org.groupalliance.jooq.Tables.RATING_ITEM;
import static org.groupalliance.jooq.Tables.SITE;
import static org.groupalliance.jooq.Tables.THERAPY_GROUP;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * A large synthetic installation for the export benchmark and the constant-memory test: one new
 * site with {@code groups} closed groups of {@code members} members, {@code sessions} weekly
 * sessions each, everyone present, and every member's SESSION-ALLIANCE-4 (version 1: four
 * visual-analogue items 0 to 10, total = sum) at every session, so {@code groups × members × sessions}
 * long rows. Values from a seeded random generator. Written with multi-row INSERTs and explicit
 * rating ids (the benchmark database is a throwaway copy; nothing here is clinical data).
 */
@Repository
public class SyntheticInstallationRepository {

    public static final String INSTRUMENT = "SESSION-ALLIANCE-4";
    private static final int CHUNK = 2000;

    private final DSLContext dsl;

    SyntheticInstallationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** What was generated: the new site and its groups. */
    public record Generated(long siteId, List<Long> groupIds, long ratings) {
    }

    /** Creates the installation's site and groups. */
    public Generated generate(String label, int groups, int members, int sessions, long seed) {
        if (groups < 1 || members < 1 || sessions < 3 || sessions > 500) {
            throw new IllegalArgumentException("groups and members at least 1, sessions 3 to 500");
        }
        LocalDateTime now = LocalDateTime.now().withNano(0);
        LocalDate start = LocalDate.of(2020, 1, 6);
        long site = dsl.insertInto(SITE, SITE.NAME, SITE.CREATED_AT).values(label, now).returningResult(SITE.ID).fetchOne().value1();
        int earlyTo = Math.max(1, sessions / 3);
        int middleTo = Math.max(earlyTo + 1, 2 * sessions / 3);
        SplittableRandom random = new SplittableRandom(seed);
        long ratingId = dsl.select(DSL.coalesce(DSL.max(RATING.ID), 0L)).from(RATING).fetchOne().value1() + 1;
        List<Long> groupIds = new ArrayList<>();
        for (int g = 1; g <= groups; g++) {
            long group = dsl.insertInto(THERAPY_GROUP, THERAPY_GROUP.SITE_ID, THERAPY_GROUP.NAME, THERAPY_GROUP.MODALITY, THERAPY_GROUP.FORMAT,
                            THERAPY_GROUP.PLANNED_SESSIONS, THERAPY_GROUP.START_DATE, THERAPY_GROUP.EARLY_FROM, THERAPY_GROUP.EARLY_TO,
                            THERAPY_GROUP.MIDDLE_FROM, THERAPY_GROUP.MIDDLE_TO, THERAPY_GROUP.LATE_FROM, THERAPY_GROUP.LATE_TO, THERAPY_GROUP.CREATED_AT)
                    .values(site, "Synthetic group " + g, "CBT", "CLOSED", sessions, start, 1, earlyTo, earlyTo + 1, middleTo, middleTo + 1, sessions, now)
                    .returningResult(THERAPY_GROUP.ID).fetchOne().value1();
            groupIds.add(group);
            var memberInsert = dsl.insertInto(MEMBER, MEMBER.GROUP_ID, MEMBER.SITE_ID, MEMBER.MEMBER_CODE, MEMBER.JOINED_SESSION, MEMBER.END_STATUS,
                    MEMBER.CREATED_AT);
            for (int m = 1; m <= members; m++) {
                memberInsert = memberInsert.values(group, site, "S" + g + "-" + m, 1, "ONGOING", now);
            }
            memberInsert.execute();
            List<Long> memberIds = dsl.select(MEMBER.ID).from(MEMBER).where(MEMBER.GROUP_ID.eq(group)).orderBy(MEMBER.ID).fetch(MEMBER.ID);
            var sessionInsert = dsl.insertInto(GROUP_SESSION, GROUP_SESSION.GROUP_ID, GROUP_SESSION.SESSION_NUMBER, GROUP_SESSION.SESSION_DATE,
                    GROUP_SESSION.PHASE);
            for (int s = 1; s <= sessions; s++) {
                sessionInsert = sessionInsert.values(group, s, start.plusWeeks(s - 1), s <= earlyTo ? "EARLY" : s <= middleTo ? "MIDDLE" : "LATE");
            }
            sessionInsert.execute();
            List<Long> sessionIds = dsl.select(GROUP_SESSION.ID).from(GROUP_SESSION).where(GROUP_SESSION.GROUP_ID.eq(group))
                    .orderBy(GROUP_SESSION.SESSION_NUMBER).fetch(GROUP_SESSION.ID);
            var attendance = dsl.insertInto(ATTENDANCE, ATTENDANCE.SESSION_ID, ATTENDANCE.MEMBER_ID, ATTENDANCE.STATUS);
            var ratings = dsl.insertInto(RATING, RATING.ID, RATING.GROUP_ID, RATING.SESSION_ID, RATING.INSTRUMENT_CODE, RATING.INSTRUMENT_VERSION,
                    RATING.RATER_KIND, RATING.RATER_MEMBER_ID, RATING.TARGET_KIND, RATING.TARGET_MEMBER_ID, RATING.RATING_KEY, RATING.TOTAL_SCORE,
                    RATING.MISSING_ITEMS, RATING.ENTERED_BY, RATING.CREATED_AT, RATING.UPDATED_AT, RATING.SOURCE);
            var items = dsl.insertInto(RATING_ITEM, RATING_ITEM.RATING_ID, RATING_ITEM.ITEM_NUMBER, RATING_ITEM.ANSWER, RATING_ITEM.ITEM_VALUE);
            int pending = 0;
            for (long session : sessionIds) {
                for (long member : memberIds) {
                    attendance = attendance.values(session, member, "PRESENT");
                    double base = 6 + random.nextDouble() * 3;
                    double total = 0;
                    for (int i = 1; i <= 4; i++) {
                        double v = Math.round(Math.min(10, Math.max(0, base + random.nextDouble() * 2 - 1)) * 10) / 10.0;
                        total += v;
                        items = items.values(ratingId, i, "ANSWERED", v);
                    }
                    ratings = ratings.values(ratingId, group, session, INSTRUMENT, 1, "MEMBER", member, "MEMBER", member,
                            "bench|" + ratingId, Math.round(total * 10) / 10.0, 0, "synthetic", now, now, "PAPER");
                    ratingId++;
                    if (++pending == CHUNK) {
                        attendance.execute();
                        ratings.execute();
                        items.execute();
                        attendance = dsl.insertInto(ATTENDANCE, ATTENDANCE.SESSION_ID, ATTENDANCE.MEMBER_ID, ATTENDANCE.STATUS);
                        ratings = dsl.insertInto(RATING, RATING.ID, RATING.GROUP_ID, RATING.SESSION_ID, RATING.INSTRUMENT_CODE,
                                RATING.INSTRUMENT_VERSION, RATING.RATER_KIND, RATING.RATER_MEMBER_ID, RATING.TARGET_KIND, RATING.TARGET_MEMBER_ID,
                                RATING.RATING_KEY, RATING.TOTAL_SCORE, RATING.MISSING_ITEMS, RATING.ENTERED_BY, RATING.CREATED_AT, RATING.UPDATED_AT,
                                RATING.SOURCE);
                        items = dsl.insertInto(RATING_ITEM, RATING_ITEM.RATING_ID, RATING_ITEM.ITEM_NUMBER, RATING_ITEM.ANSWER, RATING_ITEM.ITEM_VALUE);
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                attendance.execute();
                ratings.execute();
                items.execute();
            }
        }
        return new Generated(site, List.copyOf(groupIds), (long) groups * members * sessions);
    }
}
