package org.groupalliance.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.groupalliance.base.MemberId;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.Schedule;
import org.groupalliance.capture.SessionRecordingService;
import org.groupalliance.capture.SessionRecordingService.MemberSheet;
import org.groupalliance.capture.SessionRecordingService.Sheet;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The database's floor under issue 13's burst (docs/benchmarks.md, "Load"): how fast can this machine's
 * MariaDB take 50 session saves at the same moment when no application code runs at all? One real save
 * (attendance + 10 members x 3 instruments, through the services) provides the exact rows a save writes:
 * the session's version bump, 10 attendance rows, 30 ratings, their item and score rows and the save's audit
 * rows. Those rows are then written again, with new ids, by 50 threads on raw JDBC at once: one transaction
 * each, one multi-row insert per table, into copies of the tables made with {@code CREATE TABLE ... LIKE}
 * (the same columns and indexes, no foreign keys to check: a floor, more favourable than the application's
 * schema), with and without the audit chain head's {@code SELECT ... FOR UPDATE} and update, through 2, 10
 * (Hikari's default pool) or 50 connections. One unmeasured warm-up burst, then ten measured ones; prints
 * each burst's p95 and writes target/save-floor-benchmark.txt. Not a test (the name does not end in Test):
 * {@code ./mvnw -o -q test -Dtest=SaveFloorBenchmarkMariaDb -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@MariaDbTest
class SaveFloorBenchmarkMariaDb {

    static final int SAVES_AT_ONCE = 50;
    static final int MEASURED_BURSTS = 10;
    static final List<String> TABLES = List.of("rating", "rating_item", "rating_score", "attendance", "audit_log");

    @Autowired ApplicationContext context;
    @Autowired MeasurementPlanService plans;
    @Autowired SessionService sessions;
    @Autowired SessionRecordingService recording;
    @Autowired DataSource dataSource;

    private record Rows(String table, List<Object[]> rows, int columns) {
    }

    @Test
    void fifty_saves_at_once_with_no_application_code() throws Exception {
        Map<String, Rows> save = oneRealSave();
        assertThat(save.get("rating").rows()).hasSize(30);
        assertThat(save.get("attendance").rows()).hasSize(10);
        assertThat(save.get("audit_log").rows()).isNotEmpty();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.execute("DROP TABLE IF EXISTS floor_" + table);
                s.execute("CREATE TABLE floor_" + table + " LIKE " + table);
            }
            s.execute("DROP TABLE IF EXISTS floor_head");
            s.execute("CREATE TABLE floor_head (id INT PRIMARY KEY, last_id BIGINT, last_hash CHAR(64) NOT NULL)");
            s.execute("INSERT INTO floor_head VALUES (1, 0, REPEAT('0', 64))");
            s.execute("DROP TABLE IF EXISTS floor_session");
            s.execute("CREATE TABLE floor_session (id BIGINT PRIMARY KEY, version INT NOT NULL)");
            s.execute("INSERT INTO floor_session VALUES " + String.join(",", java.util.stream.IntStream.rangeClosed(1, SAVES_AT_ONCE)
                    .mapToObj(i -> "(" + i + ", 0)").toList()));
        }
        var hikari = (HikariDataSource) dataSource;
        StringBuilder report = new StringBuilder(String.format("rows of one save: %s; load average before: %s", save.values().stream()
                .map(r -> r.table() + " " + r.rows().size()).toList(), Files.readString(Path.of("/proc/loadavg"))));
        try {
            for (boolean chainHead : List.of(true, false)) {
                for (int connections : List.of(2, 10, SAVES_AT_ONCE)) {
                    List<Double> p95s = bursts(hikari, save, chainHead, connections);
                    long over = p95s.stream().filter(p -> p >= 150).count();
                    report.append(String.format("%s, %d connections: p95 of each measured burst %s ms; median %.0f ms; %d of %d at or over 150 ms%n",
                            chainHead ? "with the audit chain head locked" : "no audit chain head", connections,
                            p95s.stream().map(p -> String.format("%.0f", p)).toList(), p95s.stream().sorted().toList().get(p95s.size() / 2), over,
                            p95s.size()));
                }
            }
        } finally { // leave no extra tables in the test database
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                for (String table : TABLES) {
                    s.execute("DROP TABLE IF EXISTS floor_" + table);
                }
                s.execute("DROP TABLE IF EXISTS floor_head");
                s.execute("DROP TABLE IF EXISTS floor_session");
            }
        }
        report.append(String.format("load average at the end: %s", Files.readString(Path.of("/proc/loadavg"))));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/save-floor-benchmark.txt"), report);
        System.out.print(report);
    }

    /** One save through the services, as in the load benchmark; returns the rows it wrote, table by table. */
    private Map<String, Rows> oneRealSave() throws Exception {
        Actors actors = new Actors(context);
        var site = actors.newSite();
        Actors.Account account = actors.newUser(Role.FACILITATOR, site);
        TestGroups.TestGroup g = TestGroups.closedGroup(context, account, site, "Floor ", 10);
        for (String code : LoadBenchmarkMariaDb.THREE) {
            as(account, () -> plans.save(g.group().id(), new PlanEntryData(code, Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
        }
        GroupSession s = as(account, () -> sessions.create(g.group().id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
        Random random = new Random(13);
        List<Sheet> sheets = LoadBenchmarkMariaDb.THREE.stream().<Sheet>map(code -> new MemberSheet(code,
                g.members().stream().map(m -> new MemberForm(m.id(), LoadBenchmarkMariaDb.responses(code, random), null)).toList())).toList();
        Map<MemberId, AttendanceStatus> present = new HashMap<>();
        g.members().forEach(m -> present.put(m.id(), AttendanceStatus.PRESENT));
        long lastAudit = single("SELECT COALESCE(MAX(id), 0) FROM audit_log");
        as(account, () -> recording.record(s.id(), s.version(), present, sheets));
        Map<String, Rows> rows = new HashMap<>();
        String ofSession = " WHERE r.session_id = " + s.id().value();
        rows.put("rating", read("rating", "SELECT r.* FROM rating r" + ofSession + " ORDER BY r.id"));
        rows.put("rating_item", read("rating_item", "SELECT i.* FROM rating_item i JOIN rating r ON r.id = i.rating_id" + ofSession));
        rows.put("rating_score", read("rating_score", "SELECT i.* FROM rating_score i JOIN rating r ON r.id = i.rating_id" + ofSession));
        rows.put("attendance", read("attendance", "SELECT * FROM attendance WHERE session_id = " + s.id().value()));
        rows.put("audit_log", read("audit_log", "SELECT * FROM audit_log WHERE id > " + lastAudit + " ORDER BY id"));
        return rows;
    }

    /** One warm-up burst and {@link #MEASURED_BURSTS} measured ones; the p95 of each measured burst in ms. */
    private List<Double> bursts(HikariDataSource hikari, Map<String, Rows> save, boolean chainHead, int connections) throws Exception {
        List<Connection> open = new ArrayList<>();
        for (int i = 0; i < SAVES_AT_ONCE; i++) {
            Connection c = DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
            c.setAutoCommit(false);
            open.add(c);
        }
        AtomicLong ids = new AtomicLong(10_000_000L * (chainHead ? 2 : 3) + 1_000_000L * connections);
        Semaphore pool = new Semaphore(connections);
        ExecutorService threads = Executors.newFixedThreadPool(SAVES_AT_ONCE);
        List<Double> p95s = new ArrayList<>();
        try {
            for (int burst = 0; burst <= MEASURED_BURSTS; burst++) {
                CyclicBarrier together = new CyclicBarrier(SAVES_AT_ONCE);
                List<Future<Double>> saves = new ArrayList<>();
                for (int t = 0; t < SAVES_AT_ONCE; t++) {
                    Connection c = open.get(t);
                    long session = t + 1;
                    saves.add(threads.submit(() -> {
                        together.await();
                        long t0 = System.nanoTime();
                        pool.acquire();
                        try {
                            write(c, save, ids.getAndAdd(1_000), session, chainHead);
                        } finally {
                            pool.release();
                        }
                        return (System.nanoTime() - t0) / 1e6;
                    }));
                }
                List<Double> millis = new ArrayList<>();
                for (Future<Double> f : saves) {
                    millis.add(f.get());
                }
                Collections.sort(millis);
                if (burst > 0) { // the first is the warm-up
                    p95s.add(millis.get((int) Math.ceil(0.95 * millis.size()) - 1));
                }
            }
        } finally {
            threads.shutdown();
            for (Connection c : open) {
                c.close();
            }
        }
        return p95s;
    }

    /** One save's rows in one transaction: what the application's save writes, without the application. */
    private static void write(Connection c, Map<String, Rows> save, long base, long session, boolean chainHead) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE floor_session SET version = version + 1 WHERE id = " + session);
        }
        Map<Object, Long> ratingIds = new HashMap<>();
        for (String table : List.of("rating", "rating_item", "rating_score", "attendance")) {
            insert(c, save.get(table), base, ratingIds);
        }
        if (chainHead) {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT last_id, last_hash FROM floor_head WHERE id = 1 FOR UPDATE")) {
                r.next();
            }
        }
        insert(c, save.get("audit_log"), base, ratingIds);
        if (chainHead) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE floor_head SET last_id = " + (base + 999) + " WHERE id = 1");
            }
        }
        c.commit();
    }

    private static void insert(Connection c, Rows r, long base, Map<Object, Long> ratingIds) throws SQLException {
        String row = "(" + String.join(",", Collections.nCopies(r.columns(), "?")) + ")";
        String sql = "INSERT INTO floor_" + r.table() + " VALUES " + String.join(",", Collections.nCopies(r.rows().size(), row));
        try (PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            int n = 0;
            for (Object[] original : r.rows()) {
                Object[] v = original.clone();
                switch (r.table()) {
                    case "rating" -> { // a new id and a new unique key
                        long id = base + n;
                        ratingIds.put(original[0], id);
                        v[0] = id;
                        v[11] = v[11] + "|" + base;
                    }
                    case "rating_item", "rating_score" -> v[0] = ratingIds.get(original[0]);
                    case "attendance" -> v[0] = base; // a session id of its own
                    case "audit_log" -> v[0] = base + 500 + n;
                    default -> throw new IllegalArgumentException(r.table());
                }
                for (Object value : v) {
                    p.setObject(i++, value);
                }
                n++;
            }
            p.executeUpdate();
        }
    }

    private Rows read(String table, String sql) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        int columns;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                Object[] row = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = r.getObject(i + 1);
                }
                rows.add(row);
            }
        }
        return new Rows(table, rows, columns);
    }

    private long single(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
