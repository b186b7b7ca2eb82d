package org.groupalliance.export.internal;

import static org.groupalliance.jooq.Tables.SITE;
import static org.groupalliance.jooq.Tables.THERAPY_GROUP;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * A large synthetic installation for the export benchmark and the constant-memory test: one new
 * site with {@code groups} closed groups of {@code members} members, {@code sessions} weekly
 * sessions each, everyone present, and every member's SESSION-ALLIANCE-4 (version 1: four
 * visual-analogue items 0 to 10, total = sum) at every session, so {@code groups × members × sessions}
 * ratings and long rows, and four times as many item rows. Values from a seeded random generator.
 *
 * <p><b>Synthetic data for a throwaway database only.</b> Nothing here is clinical data, so it is
 * written straight into the tables, bypassing the services: no scoring service, no rupture
 * evaluation, no audit entry per row (the benchmark command writes one audit entry for the whole
 * installation). It is fast because it writes multi-row {@code INSERT}s of
 * {@value #ROWS_PER_STATEMENT} rows with explicit ids (one past the largest id in each table), on one
 * connection, committing once per chunk of about {@value #RATINGS_PER_COMMIT} ratings; on MySQL or
 * MariaDB the connection's foreign-key and unique checks are switched off while it writes and
 * restored afterwards (the rows are built consistent: every id they name is written in the same
 * chunk or before). The rows are meant to satisfy the schema's constraints (check
 * constraints stay on; the keys are consistent by construction).
 *
 * <p>It refuses to add to a database that holds groups of a site that is not itself synthetic
 * ({@link #realGroups()}), unless forced: the benchmark's data stay and would mix with real ones.
 */
@Repository
public class SyntheticInstallationRepository {

    public static final String INSTRUMENT = "SESSION-ALLIANCE-4";
    /** Every synthetic site's name starts with this; any other site's groups are real. */
    public static final String SITE_PREFIX = "Synthetic benchmark site";
    static final int ROWS_PER_STATEMENT = 5000;
    static final int RATINGS_PER_COMMIT = 50_000;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final DSLContext dsl;

    SyntheticInstallationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** What was generated: the new site and its groups. */
    public record Generated(long siteId, List<Long> groupIds, long ratings) {
    }

    /** Groups of sites whose name does not start with {@link #SITE_PREFIX}: real (or demo) data. */
    public int realGroups() {
        return dsl.fetchCount(THERAPY_GROUP.join(SITE).on(SITE.ID.eq(THERAPY_GROUP.SITE_ID)), SITE.NAME.notLike(SITE_PREFIX + "%"));
    }

    /** The newest synthetic site and its groups with their rating count, if one exists (export-bench --reuse). */
    public java.util.Optional<Generated> latest() {
        Long site = dsl.select(org.jooq.impl.DSL.max(SITE.ID)).from(SITE).where(SITE.NAME.like(SITE_PREFIX + "%")).fetchOne(0, Long.class);
        if (site == null) {
            return java.util.Optional.empty();
        }
        List<Long> groupIds = dsl.select(THERAPY_GROUP.ID).from(THERAPY_GROUP).where(THERAPY_GROUP.SITE_ID.eq(site)).orderBy(THERAPY_GROUP.ID)
                .fetch(THERAPY_GROUP.ID);
        long ratings = groupIds.isEmpty() ? 0 : dsl.fetchCount(org.groupalliance.jooq.Tables.RATING, org.groupalliance.jooq.Tables.RATING.GROUP_ID.in(groupIds));
        return java.util.Optional.of(new Generated(site, groupIds, ratings));
    }

    /**
     * Creates the installation: its site, groups, members, sessions, attendance, ratings and items.
     * Commits as it goes (not in the caller's transaction); {@code label} is appended to
     * {@link #SITE_PREFIX} for the site's name.
     */
    public Generated generate(String label, int groups, int members, int sessions, long seed) {
        if (groups < 1 || members < 1 || sessions < 3 || sessions > 500) {
            throw new IllegalArgumentException("groups and members at least 1, sessions 3 to 500");
        }
        String siteName = SITE_PREFIX + " " + label;
        if (siteName.length() > 120) {
            throw new IllegalArgumentException("label: at most " + (120 - SITE_PREFIX.length() - 1) + " characters");
        }
        return dsl.connectionResult(c -> {
            boolean mysql = c.getMetaData().getDriverName().toLowerCase().matches(".*(mysql|mariadb).*");
            boolean autoCommit = c.getAutoCommit();
            try (Statement st = c.createStatement()) {
                if (mysql) {
                    st.execute("SET foreign_key_checks = 0, unique_checks = 0");
                }
                c.setAutoCommit(false);
                try {
                    Generated g = write(c, st, siteName, groups, members, sessions, seed);
                    c.commit();
                    return g;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(autoCommit);
                    if (mysql) {
                        st.execute("SET foreign_key_checks = 1, unique_checks = 1");
                    }
                }
            }
        });
    }

    private Generated write(Connection c, Statement st, String siteName, int groups, int members, int sessions, long seed) throws SQLException {
        String now = "'" + LocalDateTime.now().withNano(0).format(TIMESTAMP) + "'";
        LocalDate start = LocalDate.of(2020, 1, 6);
        long site = next(st, "site");
        long group = next(st, "therapy_group");
        long member = next(st, "member");
        long session = next(st, "group_session");
        long rating = next(st, "rating");
        st.executeUpdate("INSERT INTO site (id, name, created_at) VALUES (" + site + ", '" + siteName.replace("'", "''") + "', " + now + ")");
        int earlyTo = Math.max(1, sessions / 3);
        int middleTo = Math.max(earlyTo + 1, 2 * sessions / 3);
        SplittableRandom random = new SplittableRandom(seed);
        Rows groupRows = new Rows(st, "therapy_group (id, site_id, name, modality, format, planned_sessions, start_date, early_from, early_to, "
                + "middle_from, middle_to, late_from, late_to, created_at)");
        Rows memberRows = new Rows(st, "member (id, group_id, site_id, member_code, joined_session, end_status, created_at)");
        Rows sessionRows = new Rows(st, "group_session (id, group_id, session_number, session_date, phase)");
        Rows attendanceRows = new Rows(st, "attendance (session_id, member_id, status)");
        Rows ratingRows = new Rows(st, "rating (id, group_id, session_id, instrument_code, instrument_version, rater_kind, rater_member_id, "
                + "target_kind, target_member_id, rating_key, total_score, missing_items, entered_by, created_at, updated_at, source)");
        Rows itemRows = new Rows(st, "rating_item (rating_id, item_number, answer, item_value)");
        List<Long> groupIds = new ArrayList<>();
        long sinceCommit = 0;
        for (int g = 1; g <= groups; g++, group++) {
            groupIds.add(group);
            groupRows.add(group + "," + site + ",'Synthetic group " + g + "','CBT','CLOSED'," + sessions + ",'" + start + "',1," + earlyTo + ","
                    + (earlyTo + 1) + "," + middleTo + "," + (middleTo + 1) + "," + sessions + "," + now);
            long firstMember = member;
            for (int m = 1; m <= members; m++, member++) {
                memberRows.add(member + "," + group + "," + site + ",'S" + g + "-" + m + "',1,'ONGOING'," + now);
            }
            for (int s = 1; s <= sessions; s++, session++) {
                String phase = s <= earlyTo ? "EARLY" : s <= middleTo ? "MIDDLE" : "LATE";
                sessionRows.add(session + "," + group + "," + s + ",'" + start.plusWeeks(s - 1) + "','" + phase + "'");
                for (long m = firstMember; m < member; m++, rating++) {
                    attendanceRows.add(session + "," + m + ",'PRESENT'");
                    double base = 6 + random.nextDouble() * 3;
                    double total = 0;
                    for (int i = 1; i <= 4; i++) {
                        double v = Math.round(Math.min(10, Math.max(0, base + random.nextDouble() * 2 - 1)) * 10) / 10.0;
                        total += v;
                        itemRows.add(rating + "," + i + ",'ANSWERED'," + v);
                    }
                    if (itemRows.full()) {
                        flush(groupRows, memberRows, sessionRows, attendanceRows, ratingRows, itemRows);
                    }
                    ratingRows.add(rating + "," + group + "," + session + ",'" + INSTRUMENT + "',1,'MEMBER'," + m + ",'MEMBER'," + m + ",'bench|" + rating
                            + "'," + Math.round(total * 10) / 10.0 + ",0,'synthetic'," + now + "," + now + ",'PAPER'");
                    sinceCommit++;
                }
            }
            if (sinceCommit >= RATINGS_PER_COMMIT || g == groups) {
                flush(groupRows, memberRows, sessionRows, attendanceRows, ratingRows, itemRows);
                c.commit();
                sinceCommit = 0;
            }
        }
        return new Generated(site, List.copyOf(groupIds), (long) groups * members * sessions);
    }

    /** Sends every table's pending rows, parents before children: each row's keys exist when it arrives. */
    private static void flush(Rows... tables) throws SQLException {
        for (Rows r : tables) {
            r.send();
        }
    }

    private static long next(Statement st, String table) throws SQLException {
        try (var rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * One multi-row INSERT being built (sent by {@link #flush}, which the loop calls when the item
     * rows, the most numerous, reach {@value #ROWS_PER_STATEMENT}). Values are numbers and fixed words
     * written by this class: no user input.
     */
    private static final class Rows {
        private final Statement st;
        private final String head;
        private final StringBuilder sql = new StringBuilder(1 << 20);
        private final List<String> pending = new ArrayList<>();

        Rows(Statement st, String table) {
            this.st = st;
            this.head = "INSERT INTO " + table + " VALUES ";
        }

        void add(String values) {
            pending.add(values);
        }

        boolean full() {
            return pending.size() >= ROWS_PER_STATEMENT;
        }

        void send() throws SQLException {
            if (pending.isEmpty()) {
                return;
            }
            sql.setLength(0);
            sql.append(head);
            for (int i = 0; i < pending.size(); i++) {
                sql.append(i == 0 ? "(" : ",(").append(pending.get(i)).append(')');
            }
            st.executeUpdate(sql.toString());
            pending.clear();
        }
    }
}
