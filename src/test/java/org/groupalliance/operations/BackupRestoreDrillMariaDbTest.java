package org.groupalliance.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.groupalliance.Application;
import org.groupalliance.security.AuditChain;
import org.groupalliance.security.OperatorActor;
import org.groupalliance.support.Actors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 13, backup and restore, the drill of docs/operations.md on MariaDB: an installation with
 * the demo clinic is backed up with {@code mariadb-dump --single-transaction} while the app runs,
 * the database is dropped, created again and restored with the {@code mariadb} client; the app
 * starts on it (Flyway finds nothing to migrate), every table holds the same rows (counts and
 * {@code CHECKSUM TABLE}), and the audit log still verifies.
 */
class BackupRestoreDrillMariaDbTest {

    private static final String HOST = "127.0.0.1";
    private static final String USER = System.getenv().getOrDefault("GA_TEST_DB_USER", "root");
    private static final String PASSWORD = System.getenv().getOrDefault("GA_TEST_DB_PASSWORD", "");
    private final String database = "ga_drill_" + Long.toHexString(System.nanoTime() & 0xffffff);

    @Test
    void back_up_drop_restore_and_the_app_starts_on_the_same_rows() throws Exception {
        Map<String, String> before;
        Path dump = Files.createTempFile("ga-backup", ".sql");
        try {
            try (ConfigurableApplicationContext app = start(true)) {
                // the demo's saves raise rupture alerts on the evaluation workers after start-up: let them finish, so that the
                // counts taken here are those the dump sees
                assertThat(app.getBean(org.groupalliance.rupture.RuptureEvaluations.class).awaitIdle(java.time.Duration.ofSeconds(120))).isTrue();
                before = tablesAndChecksums();
                // the backup is taken with the app running, as on a live server
                run(List.of("mariadb-dump", "--protocol=tcp", "-h" + HOST, "-P3306", "-u" + USER, "--single-transaction", "--routines",
                        "--triggers", "--hex-blob", "--default-character-set=utf8mb4", "--result-file=" + dump, database), null);
            }
            assertThat(Files.size(dump)).isPositive();
            assertThat(before).containsKeys("audit_log", "rating", "rating_item", "member", "research_secret", "flyway_schema_history");
            assertThat(before).as("the demo clinic is there to back up").extractingByKeys("therapy_group", "rating", "audit_log").allSatisfy(v -> assertThat(v).doesNotStartWith("0:"));

            try (Connection c = server(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE " + database);
                s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
            }
            run(List.of("mariadb", "--protocol=tcp", "-h" + HOST, "-P3306", "-u" + USER, "--default-character-set=utf8mb4", database), dump.toFile());
            assertThat(tablesAndChecksums()).as("every table's row count and checksum after the restore").isEqualTo(before);

            try (ConfigurableApplicationContext app = start(false)) {
                assertThat(app.isActive()).as("the app starts on the restored database").isTrue();
                // the operator's check after a restore: the audit log's hash chain is intact
                Actors.useSecurityOf(app);
                AuditChain.Verification chain = OperatorActor.call(() -> app.getBean(AuditChain.class).verify());
                assertThat(chain.intact()).as(chain.describe()).isTrue();
                assertThat(chain.rowsChecked()).isEqualTo(Long.parseLong(before.get("audit_log").split(":")[0]));
            }
            assertThat(tablesAndChecksums().get("flyway_schema_history")).as("nothing migrated again").isEqualTo(before.get("flyway_schema_history"));
        } finally {
            Files.deleteIfExists(dump);
            try (Connection c = server(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    private ConfigurableApplicationContext start(boolean demo) {
        // command-line arguments: they outrank the profiles' files (builder properties would not)
        return new SpringApplicationBuilder(Application.class).profiles("test", "mariadb").run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:mysql://" + HOST + ":3306/" + database
                        + "?createDatabaseIfNotExist=true&useUnicode=true&characterEncoding=UTF-8&connectionTimeZone=UTC",
                "--groupalliance.demo-data.enabled=" + demo,
                "--groupalliance.first-run.credentials-file=target/drill-first-run-credentials.txt");
    }

    /** Table name to "rows:checksum" for every table of the drill database. */
    private Map<String, String> tablesAndChecksums() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = server(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + database
                    + "' AND table_type = 'BASE TABLE'")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            for (String t : tables) {
                long rows;
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + database + "." + t)) {
                    r.next();
                    rows = r.getLong(1);
                }
                try (ResultSet r = s.executeQuery("CHECKSUM TABLE " + database + "." + t + " EXTENDED")) {
                    r.next();
                    out.put(t.toLowerCase(), rows + ":" + r.getLong(2));
                }
            }
        }
        return out;
    }

    private static Connection server() throws Exception {
        return DriverManager.getConnection("jdbc:mysql://" + HOST + ":3306/?connectionTimeZone=UTC", USER, PASSWORD);
    }

    private static void run(List<String> command, File stdin) throws Exception {
        List<String> full = new ArrayList<>(command);
        if (!PASSWORD.isEmpty()) {
            full.add(1, "-p" + PASSWORD);
        }
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        if (stdin != null) {
            pb.redirectInput(stdin);
        }
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }
}
