package org.groupalliance.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.groupalliance.Application;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.support.Actors;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The grants of README "Databases": Flyway runs as the owner account (this test's context, root),
 * the application as an app user with SELECT, INSERT, UPDATE, DELETE on every table but only SELECT
 * and INSERT on {@code audit_log}. A second application context runs under that user: ordinary
 * work (accounts, a group, members, a session, attendance, each audited) succeeds and the chain
 * verifies; an UPDATE or DELETE on {@code audit_log} as that user is refused by MariaDB.
 */
@MariaDbTest
class AuditGrantsMariaDbTest {

    static final String APP_USER = "ga_app_grants";
    static final String APP_PASSWORD = "app-user-Pw-7421";

    @Autowired JdbcTemplate jdbc;
    @Autowired ApplicationContext ownerContext;

    @Test
    void the_app_runs_without_update_or_delete_on_the_audit_log() throws Exception {
        String schema = jdbc.queryForObject("SELECT DATABASE()", String.class);
        for (String host : List.of("localhost", "127.0.0.1", "%")) {
            jdbc.execute("DROP USER IF EXISTS '" + APP_USER + "'@'" + host + "'");
            jdbc.execute("CREATE USER '" + APP_USER + "'@'" + host + "' IDENTIFIED BY '" + APP_PASSWORD + "'");
            // the statements of README "Database grants"
            for (String table : jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ?", String.class, schema)) {
                String privileges = switch (table) {
                    case "audit_log" -> "SELECT, INSERT";
                    case "flyway_schema_history" -> "SELECT";
                    default -> "SELECT, INSERT, UPDATE, DELETE";
                };
                jdbc.execute("GRANT " + privileges + " ON `" + schema + "`.`" + table + "` TO '" + APP_USER + "'@'" + host + "'");
            }
        }
        String url;
        try (Connection c = jdbc.getDataSource().getConnection()) {
            url = c.getMetaData().getURL();
        }
        ConfigurableApplicationContext app = new SpringApplicationBuilder(Application.class)
                .profiles("test", "mariadb")
                .properties(Map.of("spring.datasource.username", APP_USER, "spring.datasource.password", APP_PASSWORD,
                        "spring.flyway.enabled", "false", "server.port", "-1"))
                .run();
        try {
            Actors actors = new Actors(app);
            var site = actors.newSite();
            Actors.Account leader = actors.newUser(org.groupalliance.security.Role.FACILITATOR, site);
            TestGroups.TestGroup group = TestGroups.closedGroup(app, leader, site, "Grants ", 2);
            SessionService sessions = app.getBean(SessionService.class);
            GroupSession s = as(leader, () -> sessions.create(group.group().id(), new SessionData(1, LocalDate.of(2026, 1, 6), "under app grants")));
            as(leader, () -> sessions.recordAttendance(s.id(), s.version(), Map.of(group.member(1).id(), AttendanceStatus.PRESENT,
                    group.member(2).id(), AttendanceStatus.ABSENT)));
            AuditChain.Verification v = SystemActor.call(app.getBean(AuditChain.class)::verify);
            assertThat(v.intact()).as(v.describe()).isTrue();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE summary LIKE 'Attendance of session 1%' AND group_id = ?",
                    Long.class, group.group().id().value())).isOne();
        } finally {
            app.close();
            Actors.useSecurityOf(ownerContext);
        }
        try (Connection c = DriverManager.getConnection(url, APP_USER, APP_PASSWORD); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE audit_log SET summary = 'rewritten' WHERE id > 0"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("UPDATE command denied");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM audit_log"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("DELETE command denied");
            assertThat(st.executeUpdate("UPDATE audit_chain_head SET last_hash = last_hash WHERE id = 1")).as("the head is the app's to move").isOne();
        }
    }
}
