package org.groupalliance.rupture;

import org.groupalliance.support.StatementCounter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.groupalliance.base.MemberId;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.rupture.internal.AlertRepository;
import org.groupalliance.security.Role;
import org.groupalliance.security.SystemActor;
import org.groupalliance.support.Actors;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The numbers in docs/benchmarks.md (rupture sections): the cost of evaluating the rules for a
 * sheet save of 12 members x 3 instruments with 9 earlier sessions of history (the evaluation
 * alone, wall and this thread's CPU time, and its number of statements; and the whole 12 x 3 save
 * in one transaction, split into storing, what the saver then waits for (commit and hand-over to the
 * evaluation workers) and when the alerts are current), and the Needs
 * attention list of a leader of 10 groups x 40 sessions. Medians of repeated warm runs on MariaDB;
 * written to target/rupture-benchmark.txt with the machine's load average. Not part of
 * {@code verify} (the name does not end in Test): a bench command, run on a quiet machine with
 * {@code ./mvnw -o test -Dtest=RuptureBenchmarkMariaDb -Dsurefire.failIfNoSpecifiedTests=false}.
 * Timings on a shared, overloaded machine say little, so they are reported, not asserted.
 */
@MariaDbTest
class RuptureBenchmarkMariaDb {

    static final List<String> THREE = List.of("SESSION-ALLIANCE-4", "GROUP-CLIMATE-12", "MEMBER-GROUP-ALLIANCE");

    @Autowired ApplicationContext context;
    @Autowired RatingService ratings;
    @Autowired MeasurementPlanService plans;
    @Autowired SessionService sessions;
    @Autowired RuptureEvaluation evaluation;
    @Autowired RuptureEvaluations evaluations;
    @Autowired AlertService alerts;
    @Autowired AlertRepository alertRepository;
    @Autowired TransactionTemplate tx;

    @Test
    void rule_evaluation_for_12_members_x_3_instruments_and_needs_attention_for_10_groups_x_40_sessions() throws Exception {
        Actors actors = new Actors(context);
        var site = actors.newSite();
        Actors.Account anna = actors.newUser(Role.FACILITATOR, site);
        StringBuilder report = new StringBuilder();

        // --- 12 members, 3 member-rated instruments, 10 sessions of history
        TestGroups.TestGroup g = TestGroups.closedGroup(context, anna, site, "Bench ", 12);
        for (String code : THREE) {
            as(anna, () -> plans.save(g.group().id(), new PlanEntryData(code, Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
        }
        java.util.Random random = new java.util.Random(11);
        GroupSession last = null;
        long[] saveMillis = new long[3];
        for (int n = 1; n <= 10; n++) {
            GroupSession s = held(anna, g, n);
            last = s;
            for (int i = 0; i < THREE.size(); i++) {
                String code = THREE.get(i);
                List<MemberForm> forms = new ArrayList<>();
                for (var m : g.members()) {
                    forms.add(new MemberForm(m.id(), responses(code, random), null));
                }
                long t0 = System.nanoTime();
                as(anna, () -> ratings.recordMemberForms(s.id(), code, forms));
                if (n == 10) {
                    saveMillis[i] = (System.nanoTime() - t0) / 1_000_000;
                }
            }
        }
        GroupSession tenth = last;
        evaluations.awaitIdle(java.time.Duration.ofSeconds(60));
        // the evaluation alone (what the listener adds after the save commits): session 10 and later
        Timing evaluate = median(25, () -> SystemActor.call(() -> evaluation.evaluateFrom(g.group().id(), tenth.number())));
        List<String> statements = statements(() -> SystemActor.call(() -> evaluation.evaluateFrom(g.group().id(), tenth.number())));
        report.append(String.format("evaluateFrom(group, 10; 12 members x 3 instruments, 9 sessions of history): median %.1f ms wall (p95 %.1f ms),"
                + " %.1f ms CPU of this thread, %d statements, of 25 warm runs%n", evaluate.wallMs(), evaluate.p95Ms(), evaluate.cpuMs(), statements.size()));
        statements.forEach(sql -> report.append("  ").append(sql, 0, Math.min(sql.length(), 110)).append(System.lineSeparator()));
        report.append(String.format("sheet saves at session 10 (one instrument each, before warm-up; evaluation on the workers): %d, %d, %d ms%n",
                saveMillis[0], saveMillis[1], saveMillis[2]));
        // the whole 12 x 3 sheet saved in one transaction with changed answers: time to the end of the work, and what commit + evaluation add
        double[] work = new double[25];
        double[] added = new double[25];
        double[] alertsCurrentMs = new double[25];
        for (int run = -5; run < 25; run++) {
            List<List<MemberForm>> sheets = new ArrayList<>();
            for (String code : THREE) {
                Map<MemberId, Integer> versions = new HashMap<>();
                as(anna, () -> ratings.forSession(tenth.id())).stream().filter(r -> r.instrumentCode().equals(code) && r.raterMember() != null)
                        .forEach(r -> versions.put(r.raterMember(), r.version()));
                List<MemberForm> forms = new ArrayList<>();
                for (var m : g.members()) {
                    forms.add(new MemberForm(m.id(), responses(code, random), versions.get(m.id())));
                }
                sheets.add(forms);
            }
            long[] t = new long[3];
            as(anna, () -> {
                t[0] = System.nanoTime();
                tx.executeWithoutResult(status -> {
                    for (int i = 0; i < THREE.size(); i++) {
                        ratings.recordMemberForms(tenth.id(), THREE.get(i), sheets.get(i));
                    }
                    t[1] = System.nanoTime();
                });
                t[2] = System.nanoTime();
            });
            evaluations.awaitIdle(java.time.Duration.ofSeconds(60));
            long alertsCurrent = System.nanoTime();
            if (run >= 0) {
                work[run] = (t[1] - t[0]) / 1e6;
                added[run] = (t[2] - t[1]) / 1e6;
                alertsCurrentMs[run] = (alertsCurrent - t[1]) / 1e6;
            }
        }
        Arrays.sort(work);
        Arrays.sort(added);
        Arrays.sort(alertsCurrentMs);
        // since decision 0024 the evaluation runs on RuptureEvaluations' workers after the commit: the saver
        // waits for the commit and the hand-over only; the alerts are current once the worker is done
        report.append(String.format("12 x 3 sheet save in one transaction (changed answers): median %.1f ms to store, %.1f ms more until the saver"
                + " returns (commit + hand-over; p95 %.1f ms), alerts current %.1f ms after the end of storing (p95 %.1f ms), of 25 warm runs%n",
                work[12], added[12], added[23], alertsCurrentMs[12], alertsCurrentMs[23]));

        // --- a leader of 10 groups x 40 sessions, 3 alerts per session
        Actors.Account ben = actors.newUser(Role.FACILITATOR, site);
        for (int k = 0; k < 10; k++) {
            TestGroups.TestGroup twelve = TestGroups.closedGroup(context, ben, site, "Bench list ", 2);
            var gs = context.getBean(org.groupalliance.roster.GroupService.class);
            var current = as(ben, () -> gs.get(twelve.group().id()));
            var d = current.data();
            as(ben, () -> gs.update(current.id(), current.version(), new org.groupalliance.roster.GroupData(d.siteId(), d.name(), d.modality(), d.format(), 40,
                    d.startDate(), org.groupalliance.roster.PhaseBoundaries.thirds(40), d.leaderIds())));
            TestGroups.TestGroup group = twelve;
            List<GroupSession> forty = new ArrayList<>();
            for (int n = 1; n <= 40; n++) {
                int number = n;
                forty.add(as(ben, () -> sessions.create(group.group().id(), new SessionData(number, LocalDate.of(2026, 1, 6).plusDays(number), null))));
            }
            tx.executeWithoutResult(status -> {
                for (GroupSession s : forty) {
                    for (AlertRule rule : List.of(AlertRule.CONCERN_TOTAL, AlertRule.DROP, AlertRule.GROUP_MEAN_FALL)) {
                        MemberId m = rule.memberLevel() ? group.member(1).id() : null;
                        String subject = rule.memberLevel() ? group.member(1).code() : AlertRules.WHOLE_GROUP;
                        alertRepository.insert(new AlertRepository.NewAlert(group.group().id(), s.id(), s.number(), "SESSION-ALLIANCE-4", rule, subject, m,
                                RuptureEvaluation.key(group.group().id(), s.id(), "SESSION-ALLIANCE-4", rule, subject), subject + ": total 31.2, under 36", true),
                                LocalDateTime.of(2026, 1, 1, 0, 0).plusMinutes(s.number()));
                    }
                }
            });
        }
        assertThat(as(ben, () -> alerts.needsAttention())).hasSize(AlertService.LIMIT);
        Timing list = median(25, () -> as(ben, () -> alerts.needsAttention()));
        report.append(String.format("needsAttention() for a leader of 10 groups x 40 sessions (1200 active alerts, newest %d shown): median %.1f ms wall,"
                + " (p95 %.1f ms), %.1f ms CPU of this thread, of 25 warm runs%n", AlertService.LIMIT, list.wallMs(), list.p95Ms(), list.cpuMs()));
        Files.createDirectories(Path.of("target"));
        report.append(String.format("load average (1 min) while measuring: %.1f on %d cores; uptime: %s%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip()));
        Files.writeString(Path.of("target/rupture-benchmark.txt"), report);
        System.out.print(report);
    }

    private static double[] responses(String code, java.util.Random random) {
        return switch (code) {
            case "SESSION-ALLIANCE-4" -> new double[] {v(random), v(random), v(random), v(random)};
            case "GROUP-CLIMATE-12" -> random.ints(12, 0, 7).asDoubleStream().toArray();
            default -> random.ints(4, 1, 8).asDoubleStream().toArray();
        };
    }

    private static double v(java.util.Random random) {
        return Math.round((7 + 3 * random.nextDouble()) * 10) / 10.0;
    }

    private GroupSession held(Actors.Account anna, TestGroups.TestGroup g, int n) {
        GroupSession s = as(anna, () -> sessions.create(g.group().id(), new SessionData(n, LocalDate.of(2026, 1, 6).plusWeeks(n - 1), null)));
        Map<MemberId, AttendanceStatus> sheet = new HashMap<>();
        g.members().forEach(m -> sheet.put(m.id(), AttendanceStatus.PRESENT));
        return as(anna, () -> sessions.recordAttendance(s.id(), s.version(), sheet));
    }

    /** Medians of wall time and of this thread's CPU time (the JVM side only: the database server's CPU is not in it). */
    record Timing(double wallMs, double p95Ms, double cpuMs) {
    }

    private static Timing median(int runs, Supplier<?> work) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 5; i++) {
            work.get();
        }
        double[] ms = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            work.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        return new Timing(ms[runs / 2], ms[(int) Math.ceil(0.95 * runs) - 1], cpu[runs / 2]);
    }

    private List<String> statements(Supplier<?> work) {
        try (StatementCounter counter = new StatementCounter(context.getBean(org.jooq.DSLContext.class))) {
            work.get();
            return counter.statements();
        }
    }
}
