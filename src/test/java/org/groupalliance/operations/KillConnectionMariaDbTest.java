package org.groupalliance.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.groupalliance.base.MemberId;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.Schedule;
import org.groupalliance.capture.SessionRecordingService;
import org.groupalliance.capture.SessionRecordingService.MemberSheet;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Issue 13, backup and restore: "a crash in the middle of a multi-row save leaves nothing
 * half-stored". A leader corrects a whole session in one save: one member's attendance (present
 * becomes late) and all four members' forms. Another connection holds a row lock on the third
 * member's stored form, so the save stops there, after it has changed the attendance and updated the
 * first two forms' ratings (their answers, scores and the save's audit rows come after the updates);
 * a third connection reads those uncommitted changes (to prove the kill really comes mid-save), then
 * the saving connection is killed on the server, as a
 * crashed app node or a cut network would leave it. Afterwards the session reads exactly as before
 * the save, no audit entry of it remains, and the same save then goes through.
 */
@MariaDbTest
class KillConnectionMariaDbTest {

    @Autowired ApplicationContext context;
    @Autowired DataSource dataSource;
    @Autowired SessionService sessions;
    @Autowired MeasurementPlanService plans;
    @Autowired SessionRecordingService recording;
    @Autowired RatingService ratings;

    @Test
    void a_session_save_killed_mid_transaction_leaves_nothing_stored_and_can_be_saved_again() throws Exception {
        Actors actors = new Actors(context);
        var site = actors.newSite();
        Account leader = actors.newUser(Role.FACILITATOR, site);
        var g = TestGroups.closedGroup(context, leader, site, "Kill ", 4);
        as(leader, () -> plans.save(g.group().id(), new PlanEntryData("SESSION-ALLIANCE-4", Set.of(Rater.MEMBER), Schedule.everySession(), false,
                false, List.of()), null));
        GroupSession created = as(leader, () -> sessions.create(g.group().id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
        Map<MemberId, AttendanceStatus> allPresent = new LinkedHashMap<>();
        g.members().forEach(m -> allPresent.put(m.id(), AttendanceStatus.PRESENT));
        as(leader, () -> recording.record(created.id(), created.version(), allPresent, List.of(new MemberSheet("SESSION-ALLIANCE-4",
                g.members().stream().map(m -> new MemberForm(m.id(), new double[] {7, 8, 9, 10}, null)).toList()))));
        long sessionId = created.id().value();
        long groupId = g.group().id().value();
        String before = snapshot(sessionId);
        long auditBefore = auditRows(groupId);

        // the correction: member 4 came late, every form's answers change
        GroupSession session = as(leader, () -> sessions.get(created.id()));
        Map<MemberId, Integer> versions = new HashMap<>();
        as(leader, () -> ratings.forSession(created.id())).forEach(r -> versions.put(r.raterMember(), r.version()));
        Map<MemberId, AttendanceStatus> attendance = new LinkedHashMap<>(allPresent);
        attendance.put(g.member(4).id(), AttendanceStatus.LATE);
        List<MemberForm> forms = g.members().stream().map(m -> new MemberForm(m.id(), new double[] {6, 6, 6, 6}, versions.get(m.id()))).toList();
        Runnable save = () -> as(leader, () -> recording.record(session.id(), session.version(), attendance,
                List.of(new MemberSheet("SESSION-ALLIANCE-4", forms))));

        try (Connection locker = dataSource.getConnection(); Connection observer = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            // lock exactly that one row, by its primary key (a FOR UPDATE through the session index may lock every row it scans)
            long third = count(observer, "SELECT id FROM rating WHERE session_id = " + sessionId + " AND rater_member_id = " + g.member(3).id().value());
            try (Statement s = locker.createStatement()) {
                s.executeQuery("SELECT id FROM rating WHERE id = " + third + " FOR UPDATE").close();
            }
            CompletableFuture<Void> saving = CompletableFuture.runAsync(save);
            long victim = waitForLockWait(observer, saving);

            // the save has changed rows that nobody else may see yet
            observer.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
            assertThat(count(observer, "SELECT COUNT(*) FROM attendance WHERE status = 'LATE' AND session_id = " + sessionId)).isEqualTo(1);
            // the first two forms' ratings are updated (each version-checked update on its own; their answers, scores and
            // the transaction's audit rows are written together after the updates, so none of those exist yet)
            assertThat(count(observer, "SELECT COUNT(*) FROM rating WHERE version = 1 AND session_id = " + sessionId))
                    .as("ratings of the first two forms updated").isEqualTo(2);
            assertThat(auditRows(observer, groupId)).as("audit rows are written just before the commit").isEqualTo(auditBefore);

            try (Statement s = observer.createStatement()) {
                s.execute("KILL CONNECTION " + victim);
            }
            locker.rollback();
            assertThat(saving).failsWithin(60, TimeUnit.SECONDS);

            observer.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        assertThat(snapshot(sessionId)).as("attendance, forms, items and scores as before the save").isEqualTo(before);
        assertThat(auditRows(groupId)).as("no audit entry of the lost save").isEqualTo(auditBefore);

        // nothing lost for the user either: the pool replaces the dead connection and the same save goes through
        save.run();
        assertThat(snapshot(sessionId)).isNotEqualTo(before).contains("LATE");
        try (Connection c = dataSource.getConnection()) {
            assertThat(count(c, "SELECT COUNT(*) FROM rating_item i JOIN rating r ON r.id = i.rating_id WHERE i.item_value = 6"
                    + " AND r.session_id = " + sessionId)).isEqualTo(16);
        }
    }

    /** Attendance, ratings, their items and scores of the session, as one comparable text. */
    private String snapshot(long sessionId) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : List.of(
                    "SELECT member_id, status, version FROM attendance WHERE session_id = " + sessionId + " ORDER BY member_id",
                    "SELECT id, rater_member_id, total_score, version FROM rating WHERE session_id = " + sessionId + " ORDER BY id",
                    "SELECT i.rating_id, i.item_number, i.answer, i.item_value FROM rating_item i JOIN rating r ON r.id = i.rating_id"
                            + " WHERE r.session_id = " + sessionId + " ORDER BY 1, 2",
                    "SELECT sc.rating_id, sc.scale_position, sc.score FROM rating_score sc JOIN rating r ON r.id = sc.rating_id"
                            + " WHERE r.session_id = " + sessionId + " ORDER BY 1, 2")) {
                try (ResultSet r = s.executeQuery(sql)) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        for (int i = 1; i <= columns; i++) {
                            out.append(r.getString(i)).append(i == columns ? '\n' : ' ');
                        }
                    }
                }
                out.append("--\n");
            }
        }
        return out.toString();
    }

    private long auditRows(long groupId) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            return auditRows(c, groupId);
        }
    }

    private static long auditRows(Connection c, long groupId) throws Exception {
        return count(c, "SELECT COUNT(*) FROM audit_log WHERE group_id = " + groupId);
    }

    /** The server-side id of the connection whose transaction waits for a row lock. */
    private static long waitForLockWait(Connection observer, CompletableFuture<Void> saving) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (saving.isDone()) {
                saving.join(); // shows why the save ended before reaching the lock
                throw new AssertionError("the save ended without waiting for the locked form");
            }
            // the save's UPDATE of the locked form, running for a second or more (it waits for the row lock);
            // read from the process list, which shows the test user's own connections without further privileges
            try (Statement s = observer.createStatement();
                 ResultSet r = s.executeQuery("SELECT id FROM information_schema.PROCESSLIST WHERE command = 'Query' AND id <> CONNECTION_ID()"
                         + " AND LOWER(info) LIKE 'update `rating` %' AND time_ms >= 1000")) {
                if (r.next()) {
                    return r.getLong(1);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the save never waited for the locked form");
    }

    private static int count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }
}
