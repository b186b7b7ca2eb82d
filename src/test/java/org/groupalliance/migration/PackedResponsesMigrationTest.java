package org.groupalliance.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.flywaydb.core.Flyway;
import org.groupalliance.analysis.ScaleScoring;
import org.groupalliance.measure.BuiltInInstruments;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * V6-V8 move item answers and subscale scores out of packed text into rows. This test migrates an
 * empty database to V5, stores ratings and outcome forms exactly as V4/V5 did (packed text,
 * including subscale names that the old format mangled: ';' became ',' and '=' became '-'),
 * migrates to the latest version and compares every stored form before and after, on MariaDB and H2.
 */
class PackedResponsesMigrationTest {

    static final double NA = Double.NaN;

    /** A form as stored: item responses (NaN = missing) and subscale scores in definition order (NaN = none). */
    record Form(List<Double> responses, Map<String, Double> subscales) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "h2"})
    void every_rating_and_outcome_form_is_the_same_before_and_after_the_migration(String engine) throws Exception {
        String url = url(engine);
        String user = engine.equals("h2") ? "sa" : System.getenv().getOrDefault("GA_TEST_DB_USER", "root");
        String password = engine.equals("h2") ? "" : System.getenv().getOrDefault("GA_TEST_DB_PASSWORD", "");
        Flyway toV5 = Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration")
                .javaMigrations(new V7__Split_packed_responses()).cleanDisabled(false).target("5").load();
        toV5.clean();
        toV5.migrate();

        Map<Long, Form> ratingsBefore = new TreeMap<>();
        Map<Long, Form> outcomesBefore = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(true);
            long site = insert(c, "INSERT INTO site (name, version, created_at) VALUES ('Migration site', 0, CURRENT_TIMESTAMP)");
            long group = insert(c, "INSERT INTO therapy_group (site_id, name, modality, format, planned_sessions, start_date, early_from, early_to,"
                    + " middle_from, middle_to, late_from, late_to, version, created_at) VALUES (" + site + ", 'G', 'CBT', 'CLOSED', 12,"
                    + " DATE '2026-01-06', 1, 4, 5, 8, 9, 12, 0, CURRENT_TIMESTAMP)");
            long session = insert(c, "INSERT INTO group_session (group_id, session_number, session_date, version) VALUES (" + group + ", 1, DATE '2026-01-06', 0)");
            long leader = insert(c, "INSERT INTO app_user (username, full_name, password_hash, role, enabled, version, created_at)"
                    + " VALUES ('lead', 'Lead', 'x', 'FACILITATOR', TRUE, 0, CURRENT_TIMESTAMP)");
            List<Long> members = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                members.add(insert(c, "INSERT INTO member (group_id, site_id, member_code, joined_session, end_status, version, created_at) VALUES ("
                        + group + ", " + site + ", 'M-" + i + "', 1, 'ONGOING', 0, CURRENT_TIMESTAMP)"));
            }
            // an instrument whose subscale names the old text format could not keep
            InstrumentDefinition odd = new InstrumentDefinition("ODD-NAMES", "Odd subscale names", 1, InstrumentDefinition.Construct.ALLIANCE,
                    InstrumentDefinition.Target.MEMBER_TO_LEADER, java.util.Set.of(InstrumentDefinition.Rater.MEMBER),
                    List.of(item(1), item(2), item(3)), java.util.Set.of(),
                    List.of(new InstrumentDefinition.Subscale("Goals; tasks", List.of(1, 2)), new InstrumentDefinition.Subscale("Bond=felt", List.of(3)),
                            new InstrumentDefinition.Subscale("a=b;c=d", List.of(1, 3))),
                    new InstrumentDefinition.Scoring(ScaleScoring.Method.MEAN, 1, 0.5), null, null, null,
                    InstrumentDefinition.Direction.HIGHER_IS_BETTER, "test", "test", java.util.Set.of());
            for (InstrumentDefinition d : List.of(odd, BuiltInInstruments.threeLevelGroupAlliance(), BuiltInInstruments.sessionAlliance(),
                    BuiltInInstruments.phq9())) {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO instrument (code, definition_version, name, construct, definition_json,"
                        + " built_in, retired, version, created_at, created_by) VALUES (?, ?, ?, ?, ?, FALSE, FALSE, 0, CURRENT_TIMESTAMP, 'test')")) {
                    p.setString(1, d.code());
                    p.setInt(2, d.version());
                    p.setString(3, d.name());
                    p.setString(4, d.construct().name());
                    p.setString(5, InstrumentJson.write(d));
                    p.executeUpdate();
                }
            }
            rating(c, group, session, "ODD-NAMES", "M", members.get(0), 0, List.of(5.0, NA, 7.0),
                    subscales("Goals; tasks", 5.0, "Bond=felt", 7.0, "a=b;c=d", 6.0));
            rating(c, group, session, "ODD-NAMES", "M", members.get(1), 1, List.of(NA, NA, 2.0),
                    subscales("Goals; tasks", NA, "Bond=felt", 2.0, "a=b;c=d", 2.0));
            rating(c, group, session, "SESSION-ALLIANCE-4", "M", members.get(0), 2, List.of(9.5, 0.1, 10.0, 7.3),
                    new LinkedHashMap<>());
            rating(c, group, session, "GROUP-ALLIANCE-3L", "U", leader, 3, List.of(6.0, 5.0, 7.0, 4.0, 4.0, 5.0, 3.0, NA, 4.0),
                    subscales("Individual (self with leader)", 6.0, "Subgroup", 13 / 3.0, "Whole group", 3.5, "Goals", 13 / 3.0, "Tasks", 4.5,
                            "Bond", 16 / 3.0));
            outcome(c, group, members.get(2), List.of(0.0, 1.0, 2.0, 3.0, NA, 0.0, 1.0, 2.0, 3.0));
            // read them back the old way: the packed text, decoded as V4's code did, with the names the definition gives
            ratingsBefore.putAll(readPacked(c, "rating"));
            outcomesBefore.putAll(readPacked(c, "outcome_rating"));
        }
        assertThat(ratingsBefore).hasSize(4);
        assertThat(ratingsBefore.values()).anySatisfy(f -> assertThat(f.subscales()).containsKeys("Goals; tasks", "Bond=felt", "a=b;c=d"));

        Flyway latest = Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration")
                .javaMigrations(new V7__Split_packed_responses()).load();
        latest.migrate();

        try (Connection c = DriverManager.getConnection(url, user, password)) {
            Map<Long, Form> ratingsAfter = readRows(c, "rating_item", "rating_score", "rating_id");
            Map<Long, Form> outcomesAfter = readRows(c, "outcome_item", "outcome_score", "outcome_rating_id");
            assertThat(ratingsAfter.keySet()).isEqualTo(ratingsBefore.keySet());
            for (Long id : ratingsBefore.keySet()) {
                assertSame(ratingsAfter.get(id), ratingsBefore.get(id));
            }
            assertThat(outcomesAfter.keySet()).isEqualTo(outcomesBefore.keySet());
            for (Long id : outcomesBefore.keySet()) {
                assertSame(outcomesAfter.get(id), outcomesBefore.get(id));
            }
            // no missing item became an answer and vice versa: one row per item, MISSING exactly where the text was empty
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM rating_item WHERE answer = 'MISSING'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(4);
            }
            // the provenance of V6: member forms entered by a leader are PAPER, a leader's own rating LEADER
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT rater_kind, source FROM rating")) {
                while (rs.next()) {
                    assertThat(rs.getString(2)).isEqualTo(rs.getString(1).equals("MEMBER") ? "PAPER" : "LEADER");
                }
            }
        }
    }

    private static void assertSame(Form after, Form before) {
        assertThat(after.responses()).hasSameSizeAs(before.responses());
        for (int i = 0; i < before.responses().size(); i++) {
            // bit-for-bit: Double.compare treats NaN as equal to NaN and tells 0.0 from -0.0
            assertThat(Double.compare(after.responses().get(i), before.responses().get(i))).as("item %d", i + 1).isZero();
        }
        assertThat(new ArrayList<>(after.subscales().keySet())).isEqualTo(new ArrayList<>(before.subscales().keySet()));
        before.subscales().forEach((name, v) -> assertThat(Double.compare(after.subscales().get(name), v)).as(name).isZero());
    }

    // ---- the old way (V4/V5): packed text, written and read as the application did before V6 ----

    private static long rating(Connection c, long group, long session, String code, String raterKind, long rater, int n, List<Double> responses,
                               Map<String, Double> subscales) throws SQLException {
        boolean member = raterKind.equals("M");
        try (PreparedStatement p = c.prepareStatement("INSERT INTO rating (group_id, session_id, instrument_code, instrument_version, rater_kind,"
                + " rater_member_id, rater_user_id, target_kind, target_member_id, rating_key, responses, total_score, subscale_scores, missing_items,"
                + " entered_by, version, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'lead', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                Statement.RETURN_GENERATED_KEYS)) {
            p.setLong(1, group);
            p.setLong(2, session);
            p.setString(3, code);
            p.setString(4, member ? "MEMBER" : "LEADER");
            if (member) {
                p.setLong(5, rater);
                p.setNull(6, java.sql.Types.BIGINT);
                p.setString(7, "MEMBER");
                p.setLong(8, rater);
            } else {
                p.setNull(5, java.sql.Types.BIGINT);
                p.setLong(6, rater);
                p.setString(7, "WHOLE_GROUP");
                p.setNull(8, java.sql.Types.BIGINT);
            }
            p.setString(9, session + "|" + code + "|" + n);
            p.setString(10, packResponses(responses));
            p.setDouble(11, 1.0);
            p.setString(12, packSubscales(subscales));
            p.setInt(13, (int) responses.stream().filter(v -> v.isNaN()).count());
            p.executeUpdate();
            return key(p);
        }
    }

    private static long outcome(Connection c, long group, long member, List<Double> responses) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO outcome_rating (group_id, member_id, instrument_code, instrument_version, timepoint,"
                + " follow_up_week, responses, total_score, subscale_scores, missing_items, entered_by, version, created_at, updated_at)"
                + " VALUES (?, ?, 'PHQ-9', 1, 'BASELINE', 0, ?, 13, NULL, 1, 'lead', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                Statement.RETURN_GENERATED_KEYS)) {
            p.setLong(1, group);
            p.setLong(2, member);
            p.setString(3, packResponses(responses));
            p.executeUpdate();
            return key(p);
        }
    }

    /** V4's encoding: "9.5,,8" (empty = missing, whole numbers without ".0"). */
    static String packResponses(List<Double> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            double v = values.get(i);
            if (!Double.isNaN(v)) {
                sb.append(v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
            }
        }
        return sb.toString();
    }

    /** V4's encoding: "Name=3.2;Other=", with ';' in names rewritten to ',' and '=' to '-'. */
    static String packSubscales(Map<String, Double> s) {
        if (s.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        s.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ";").append(k.replace(";", ",").replace("=", "-")).append('=')
                .append(Double.isNaN(v) ? "" : Double.toString(v)));
        return sb.toString();
    }

    /**
     * Reads every form of a V5 table the way the application did (responses split on ',', subscales
     * on ';' and the last '='); names are taken from the subscales in the definition's order, as
     * inserted above (the packed names are mangled).
     */
    private static Map<Long, Form> readPacked(Connection c, String table) throws SQLException {
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (InstrumentDefinition d : List.of(BuiltInInstruments.threeLevelGroupAlliance())) {
            names.put(d.code(), d.subscales().stream().map(InstrumentDefinition.Subscale::name).toList());
        }
        names.put("ODD-NAMES", List.of("Goals; tasks", "Bond=felt", "a=b;c=d"));
        Map<Long, Form> result = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, instrument_code, responses, subscale_scores FROM " + table)) {
            while (rs.next()) {
                List<Double> responses = new ArrayList<>();
                for (String part : rs.getString(3).split(",", -1)) {
                    responses.add(part.isEmpty() ? Double.NaN : Double.parseDouble(part));
                }
                Map<String, Double> subscales = new LinkedHashMap<>();
                String packed = rs.getString(4);
                if (packed != null) {
                    String[] parts = packed.split(";");
                    for (int i = 0; i < parts.length; i++) {
                        int eq = parts[i].lastIndexOf('=');
                        String v = parts[i].substring(eq + 1);
                        subscales.put(names.get(rs.getString(2)).get(i), v.isEmpty() ? Double.NaN : Double.parseDouble(v));
                    }
                }
                result.put(rs.getLong(1), new Form(responses, subscales));
            }
        }
        return result;
    }

    private static Map<Long, Form> readRows(Connection c, String itemTable, String scoreTable, String fk) throws SQLException {
        Map<Long, List<Double>> responses = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + fk + ", item_number, answer, item_value FROM " + itemTable + " ORDER BY " + fk + ", item_number")) {
            while (rs.next()) {
                List<Double> list = responses.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>());
                assertThat(rs.getInt(2)).isEqualTo(list.size() + 1);
                double v = rs.getDouble(4);
                list.add(rs.wasNull() ? Double.NaN : v);
                assertThat(rs.getString(3)).isEqualTo(Double.isNaN(list.getLast()) ? "MISSING" : "ANSWERED");
            }
        }
        Map<Long, Map<String, Double>> subscales = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + fk + ", scale_name, score FROM " + scoreTable + " ORDER BY " + fk + ", scale_position")) {
            while (rs.next()) {
                double v = rs.getDouble(3);
                double score = rs.wasNull() ? Double.NaN : v;
                subscales.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2), score);
            }
        }
        Map<Long, Form> result = new TreeMap<>();
        responses.forEach((id, r) -> result.put(id, new Form(r, subscales.getOrDefault(id, Map.of()))));
        return result;
    }

    private static Map<String, Double> subscales(Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], (Double) nameValue[i + 1]);
        }
        return m;
    }

    private static InstrumentDefinition.Item item(int n) {
        return new InstrumentDefinition.Item(n, "Item " + n, null, InstrumentDefinition.ResponseType.INTEGER_SCALE, 1, 7, null, null);
    }

    private static long insert(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
            try (ResultSet rs = s.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long key(PreparedStatement p) throws SQLException {
        try (ResultSet rs = p.getGeneratedKeys()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A database of its own, so the test's clean and partial migration never touch another test's schema. */
    static String url(String engine) {
        if (engine.equals("h2")) {
            // a file of its own under target/ (an in-memory database was closed under the test by Flyway's clean)
            return "jdbc:h2:file:./target/ga_migration_h2/db;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;NON_KEYWORDS=VALUE";
        }
        String base = System.getenv().getOrDefault("GA_TEST_DB_URL",
                "jdbc:mysql://127.0.0.1:3306/groupalliance_test?createDatabaseIfNotExist=true&useUnicode=true&characterEncoding=UTF-8&connectionTimeZone=UTC");
        return base.replaceFirst("/([A-Za-z0-9_]+)\\?", "/$1_migration?");
    }
}
