package org.groupalliance.rupture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.groupalliance.base.MemberId;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.Schedule;
import org.groupalliance.capture.SelfReport;
import org.groupalliance.capture.SelfReportMemberService;
import org.groupalliance.capture.SelfReportService;
import org.groupalliance.capture.SessionRecordingService;
import org.groupalliance.capture.SessionRecordingService.MemberSheet;
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
 * Issue 13: more leaders save a session sheet, and more members send their phone forms, at the same
 * moment than the connection pool has connections. Real services and transactions on MariaDB. Every
 * save must succeed (none may wait for a pool connection until it times out), every rating is
 * stored exactly once, and the alerts the rules raise for the low answers do appear.
 */
@MariaDbTest
class ConcurrentSavesMariaDbTest {

    static final String SRS = "SESSION-ALLIANCE-4";
    static final int MEMBERS = 3;

    @Autowired ApplicationContext context;
    @Autowired MeasurementPlanService plans;
    @Autowired SessionService sessions;
    @Autowired SessionRecordingService recording;
    @Autowired SelfReportService selfReport;
    @Autowired SelfReportMemberService phones;
    @Autowired AlertService alerts;
    @Autowired RuptureEvaluations evaluations;
    @Autowired DataSource dataSource;

    private record Held(Actors.Account leader, TestGroups.TestGroup group, GroupSession session) {
    }

    @Test
    void twice_as_many_sheet_saves_and_phone_submissions_as_pool_connections_all_succeed_and_raise_their_alerts() throws Exception {
        int pool = dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize();
        int each = 2 * pool;
        Actors actors = new Actors(context);
        var site = actors.newSite();
        List<Held> sheetGroups = new ArrayList<>();
        List<Held> phoneGroups = new ArrayList<>();
        List<SelfReport.Pass> passes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2 * each; i++) {
            Actors.Account leader = actors.newUser(Role.FACILITATOR, site);
            TestGroups.TestGroup g = TestGroups.closedGroup(context, leader, site, "Concurrent ", MEMBERS);
            as(leader, () -> plans.save(g.group().id(), new PlanEntryData(SRS, Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
            GroupSession created = as(leader, () -> sessions.create(g.group().id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
            if (i < each) {
                sheetGroups.add(new Held(leader, g, created));
            } else {
                GroupSession attended = as(leader, () -> sessions.recordAttendance(created.id(), created.version(), allPresent(g)));
                SelfReport.Opened opened = as(leader, () -> selfReport.open(attended.id(), 24));
                phoneGroups.add(new Held(leader, g, attended));
                // the first member of the group sends a low form from their phone
                MemberId first = g.member(1).id();
                passes.add(opened.passes().stream().filter(p -> p.member().equals(first)).findFirst().orElseThrow());
                keys.add(opened.accessKey());
            }
        }

        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2 * each);
        List<Future<?>> runs = new ArrayList<>();
        for (Held h : sheetGroups) {
            // member 1 low (35.9: under 36, and an item under the item cut-off), the others high
            List<MemberForm> forms = h.group().members().stream()
                    .map(m -> new MemberForm(m.id(), m.equals(h.group().member(1)) ? new double[] {9, 9, 9, 8.9} : new double[] {10, 10, 10, 10}, null))
                    .toList();
            runs.add(threads.submit(() -> {
                go.await();
                try {
                    as(h.leader(), () -> recording.record(h.session().id(), h.session().version(), allPresent(h.group()), List.of(new MemberSheet(SRS, forms))));
                } catch (RuntimeException e) {
                    errors.computeIfAbsent("sheet: " + rootCause(e), k -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        for (int i = 0; i < passes.size(); i++) {
            String key = keys.get(i);
            SelfReport.Pass pass = passes.get(i);
            runs.add(threads.submit(() -> {
                go.await();
                try {
                    SelfReport.Ticket ticket = phones.enterWithLink(key, pass.linkToken());
                    phones.submit(ticket, Map.of(SRS, new double[] {9, 9, 9, 8.9}));
                } catch (RuntimeException e) {
                    errors.computeIfAbsent("phone: " + rootCause(e), k -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : runs) {
            f.get(5, TimeUnit.MINUTES);
        }
        threads.shutdown();

        assertThat(errors).as("errors that reached a caller (SQLTransientConnectionException: the pool ran dry)").isEmpty();
        List<Long> sheetSessions = sheetGroups.stream().map(h -> h.session().id().value()).toList();
        List<Long> phoneSessions = phoneGroups.stream().map(h -> h.session().id().value()).toList();
        assertThat(count("SELECT COUNT(*) FROM rating WHERE session_id IN (%s)", sheetSessions)).as("sheet ratings").isEqualTo((long) each * MEMBERS);
        assertThat(count("SELECT COUNT(*) FROM rating WHERE session_id IN (%s)", phoneSessions)).as("phone ratings").isEqualTo(each);
        List<Long> all = new ArrayList<>(sheetSessions);
        all.addAll(phoneSessions);
        assertThat(count("SELECT COUNT(*) FROM (SELECT session_id, instrument_code, rater_member_id FROM rating WHERE session_id IN (%s)"
                + " GROUP BY session_id, instrument_code, rater_member_id HAVING COUNT(*) > 1) d", all)).as("ratings stored twice").isZero();

        assertThat(evaluations.awaitIdle(Duration.ofMinutes(2))).as("evaluation quiet").isTrue();
        for (Held h : sheetGroups) {
            assertThat(alertsOf(h)).as("sheet group %s", h.group().group().name())
                    .isEqualTo(Map.of(h.group().member(1).id().value(), Set.of(AlertRule.CONCERN_TOTAL, AlertRule.CONCERN_ITEM)));
        }
        for (Held h : phoneGroups) {
            assertThat(alertsOf(h)).as("phone group %s", h.group().group().name())
                    .isEqualTo(Map.of(h.group().member(1).id().value(), Set.of(AlertRule.CONCERN_TOTAL, AlertRule.CONCERN_ITEM)));
        }
    }

    private Map<Long, Set<AlertRule>> alertsOf(Held h) {
        return as(h.leader(), () -> alerts.openForGroup(h.group().group().id())).stream()
                .collect(Collectors.groupingBy(a -> a.member() == null ? 0L : a.member().value(), Collectors.mapping(Alert::rule, Collectors.toSet())));
    }

    private static Map<MemberId, AttendanceStatus> allPresent(TestGroups.TestGroup g) {
        Map<MemberId, AttendanceStatus> a = new HashMap<>();
        g.members().forEach(m -> a.put(m.id(), AttendanceStatus.PRESENT));
        return a;
    }

    private long count(String sql, List<Long> sessionIds) throws Exception {
        String in = sessionIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.formatted(in)); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + " (" + t.getMessage() + ")";
    }
}
